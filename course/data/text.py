"""Short synthetic movie reviews whose sentiment depends on word order, not just on words.

A review says how a noun was, with an adjective built from a stem and an affix (``hopeful``,
``hopeless``, ``exciting``, ``unexciting``), so a subword tokenizer has pieces worth learning.
A "not" right before the adjective flips its sentiment; a "not" in a contrast clause
(``the film , not the songs , was hopeless``) does not, so counting words cannot decide the label.
``is_review`` says whether a sentence follows the grammar, e.g. one a language model wrote.

Used in: 06_rnn_lstm, 07_transformer.
"""

import numpy as np

NOUNS = (
    ("film", "films"),
    ("plot", "plots"),
    ("story", "stories"),
    ("ending", "endings"),
    ("actor", "actors"),
    ("script", "scripts"),
    ("scene", "scenes"),
    ("song", "songs"),
)
SINGULAR_VERBS = ("was", "seemed", "felt")
PLURAL_VERBS = ("were", "seemed", "felt")
ADVERBS = ("really", "truly", "very", "quite", "deeply")
FUL_STEMS = (
    "help",
    "joy",
    "grace",
    "cheer",
    "taste",
    "power",
    "hope",
    "meaning",
    "thought",
    "color",
)
ING_WORDS = (
    "exciting",
    "inspiring",
    "convincing",
    "satisfying",
    "interesting",
    "appealing",
    "charming",
    "amusing",
)
POSITIVE = tuple(stem + "ful" for stem in FUL_STEMS) + ING_WORDS
NEGATIVE = tuple(stem + "less" for stem in FUL_STEMS) + tuple("un" + w for w in ING_WORDS)
TEMPLATE_SHARES = {"plain": 0.4, "negated": 0.4, "contrast": 0.2}
_STEMS = {word: singular for singular, plural in NOUNS for word in (singular, plural)}
_PLURALS = {plural for _, plural in NOUNS}


def make_reviews(n_samples: int = 2000, seed: int = 0, max_adverbs: int = 2):
    """Reviews in three templates, with the sentiment label and whether it was negated.

    - plain (40%): ``the {noun} {verb} {adverbs} {adj}``; label = polarity of adj
    - negated (40%): ``the {noun} {verb} not {adverbs} {adj}``; label = 1 - polarity
    - contrast (20%): ``the {noun} , not the {noun2} , {verb} {adverbs} {adj}``; label =
      polarity, since this "not" belongs to the other noun

    Nouns are singular or plural and the verb agrees with the first noun; 0 to
    ``max_adverbs`` distinct adverbs (``ADVERBS``) come before the adjective. The adjective's
    polarity is drawn 50/50,
    then the adjective uniformly from ``POSITIVE`` or ``NEGATIVE``. Words are lower case and
    separated by single spaces; the comma is a word of its own.

    Args:
        n_samples: number of reviews.
        seed: seed of the numpy generator that draws them.
        max_adverbs: the most adverbs a review has, 0 to 2 (``is_review`` accepts up to 2).

    Returns:
        ``sentences, y, negated``: a list of strings, labels (1 = positive), and whether the
        adjective was negated.

    Shape:
        - sentences: ``n_samples`` strings of 4 to 11 words
        - y: ``(n_samples,)`` int64 in {0, 1}
        - negated: ``(n_samples,)`` bool

    Used in: 06_rnn_lstm, 07_transformer (its language model reads reviews of at most one
    adverb, whose greedy continuation is well defined).
    """
    if not 0 <= max_adverbs <= 2:
        raise ValueError(f"max_adverbs must be 0, 1 or 2; got {max_adverbs!r}.")
    rng = np.random.default_rng(seed)
    reviews = [_review(rng, max_adverbs) for _ in range(n_samples)]
    sentences = [" ".join(words) for words, _, _ in reviews]
    y = np.array([label for _, label, _ in reviews], dtype=np.int64)
    negated = np.array([flag for _, _, flag in reviews], dtype=bool)
    return sentences, y, negated


def _review(rng: np.random.Generator, max_adverbs: int):
    """One review's words, its label and whether its adjective is negated."""
    template = rng.choice(list(TEMPLATE_SHARES), p=list(TEMPLATE_SHARES.values()))
    positive = bool(rng.random() < 0.5)
    adjective = str(rng.choice(POSITIVE if positive else NEGATIVE))
    noun, verb = _subject(rng)
    adverbs = [
        str(a) for a in rng.choice(ADVERBS, size=rng.integers(0, max_adverbs + 1), replace=False)
    ]
    if template == "contrast":
        other = _noun(rng, exclude=noun)
        words = ["the", noun, ",", "not", "the", other, ",", verb]
    else:
        words = ["the", noun, verb] + (["not"] if template == "negated" else [])
    negated = template == "negated"
    return words + adverbs + [adjective], int(positive != negated), negated


def _subject(rng: np.random.Generator):
    """A noun, singular or plural, and a verb that agrees with it."""
    plural = bool(rng.random() < 0.5)
    noun = NOUNS[rng.integers(len(NOUNS))][int(plural)]
    return noun, str(rng.choice(PLURAL_VERBS if plural else SINGULAR_VERBS))


def _noun(rng: np.random.Generator, exclude: str) -> str:
    """A noun, singular or plural, of another stem than ``exclude``."""
    others = [pair for pair in NOUNS if exclude not in pair]
    return others[rng.integers(len(others))][int(rng.random() < 0.5)]


def is_review(words) -> bool:
    """Whether ``words`` is a sentence that ``make_reviews`` can write, in any template.

    The first noun is one of ``NOUNS`` and its verb agrees with it; in the contrast template
    the second noun has another stem (``film`` and ``films`` never contrast). Then come 0 to 2
    distinct ``ADVERBS`` and one adjective from ``POSITIVE`` or ``NEGATIVE``, last.

    Args:
        words: a list of words, or a string of words separated by single spaces.

    Used in: 07_transformer, to count the grammatical sentences a language model writes.
    """
    words = words.split(" ") if isinstance(words, str) else [str(w) for w in words]
    if len(words) < 4 or words[0] != "the" or words[1] not in _STEMS:
        return False
    noun, rest = words[1], words[2:]
    contrast = rest[:3] == [",", "not", "the"]
    if contrast:
        other = _STEMS.get(rest[3] if len(rest) > 3 else "")  # None unless a noun
        if other in (None, _STEMS[noun]) or rest[4:5] != [","]:
            return False
        rest = rest[5:]
    verbs = PLURAL_VERBS if noun in _PLURALS else SINGULAR_VERBS
    if not rest or rest[0] not in verbs:
        return False
    rest = rest[1:]
    if not contrast and rest[:1] == ["not"]:
        rest = rest[1:]
    return _is_ending(rest)


def _is_ending(words: list) -> bool:
    """0 to 2 distinct adverbs, then one adjective of either polarity."""
    *adverbs, adjective = words or [None]
    distinct = len(set(adverbs)) == len(adverbs) <= 2
    return distinct and set(adverbs) <= set(ADVERBS) and adjective in POSITIVE + NEGATIVE


def word_polarity(word: str) -> str:
    """``"positive"`` or ``"negative"`` for the grammar's adjectives, ``"other"`` for any other word.

    Used in: 06_rnn_lstm, to colour the learned embeddings.
    """
    return "positive" if word in POSITIVE else "negative" if word in NEGATIVE else "other"
