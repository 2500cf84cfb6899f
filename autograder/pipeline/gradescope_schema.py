"""A JSON schema of Gradescope's ``results.json``, written from its autograder specification.

The specification: the file is an object with an optional total ``score`` (required unless every
test has one), ``execution_time`` (seconds), ``output`` (text for the whole submission, with its
``output_format``), ``visibility`` and ``stdout_visibility``, ``extra_data``, ``leaderboard``, and
``tests``: a list of objects each with an optional ``score``, ``max_score``, ``status``
(``passed`` or ``failed``), ``name`` (and ``name_format``), ``number``, ``output`` (and
``output_format``), ``tags``, ``visibility`` and ``extra_data``. Visibility is one of ``hidden``,
``after_due_date``, ``after_published`` and ``visible``; formats are ``text``, ``html``,
``simple_format``, ``md`` and ``ansi``. Used by the tests of ``autograder.pipeline.gradescope_run``.
"""

VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
NUMBER = {"type": "number"}

TEST = {
    "type": "object",
    "properties": {
        "score": NUMBER,
        "max_score": NUMBER,
        "status": {"enum": ["passed", "failed"]},
        "name": {"type": "string"},
        "name_format": FORMAT,
        "number": {"type": "string"},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": VISIBILITY,
        "extra_data": {"type": "object"},
    },
    "additionalProperties": False,
}

LEADERBOARD_ENTRY = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "value": {"type": ["number", "string"]},
        "order": {"enum": ["asc", "desc"]},
    },
    "required": ["name", "value"],
    "additionalProperties": False,
}

RESULTS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Gradescope autograder results.json",
    "type": "object",
    "properties": {
        "score": NUMBER,
        "execution_time": NUMBER,
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": TEST},
        "leaderboard": {"type": "array", "items": LEADERBOARD_ENTRY},
    },
    # A total score, or a score on every test.
    "anyOf": [
        {"required": ["score"]},
        {"required": ["tests"], "properties": {"tests": {"items": {"required": ["score"]}}}},
    ],
    "additionalProperties": False,
}
