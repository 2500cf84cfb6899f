"""Do LMS downloads, loose or zipped, land in nbgrader's submitted/ tree?"""

import csv
import json
import subprocess
import sys
import zipfile

import nbformat
import pytest

from autograder.pipeline.collect import collect_downloads
from autograder.pipeline.course_api import course_api, generate_release
from tests.roundtrip import copy_course, graded_points, reference_submission


def test_loose_and_zipped_downloads_are_collected_per_student(tmp_path):
    root = copy_course(tmp_path / "course")
    generate_release(course_api(str(root)), "00_setup")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    nbformat.write(reference_submission("00_setup"), downloads / "ada_00_setup.ipynb")
    with zipfile.ZipFile(downloads / "batch.zip", "w") as archive:
        archive.writestr("bob_00_setup.ipynb", nbformat.writes(reference_submission("00_setup")))
    (downloads / "notes.txt").write_text("not a submission")
    assert collect_downloads(root, "00_setup", downloads) == 2
    for student in ("ada", "bob"):
        nb = nbformat.read(
            root / "submitted" / student / "00_setup" / "00_setup.ipynb", as_version=4
        )
        assert nb.cells == reference_submission("00_setup").cells


def test_a_missing_downloads_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no folder .*nowhere to collect submissions from"):
        collect_downloads(tmp_path, "00_setup", tmp_path / "nowhere")


def colab_download(nb) -> dict:
    """``nb`` as Colab's File → Download writes it: nbformat 4.0 without cell ids (Colab keeps
    them in the metadata), Colab's notebook metadata, and each run cell's ``outputId`` and
    execution record."""
    cells = []
    for index, cell in enumerate(nbformat.from_dict(nb).cells):
        cell.pop("id", None)
        cell.metadata["id"] = f"c0lab{index:03d}"
        if cell.cell_type == "code":
            cell.metadata["colab"] = {"base_uri": "https://localhost:8080/"}
            cell.metadata["outputId"] = f"9f8e7d6c-{index:04d}"
            cell.metadata["executionInfo"] = {
                "status": "ok",
                "elapsed": 12,
                "timestamp": 1764600000000 + index,
                "user": {"displayName": "Ada", "userId": "1234"},
                "user_tz": 0,
            }
            cell.execution_count = index
        cells.append(cell)
    metadata = {
        "colab": {"provenance": [], "gpuType": "T4", "name": "00_setup.ipynb"},
        "accelerator": "GPU",
        "kernelspec": {"name": "python3", "display_name": "Python 3"},
        "language_info": {"name": "python"},
    }
    return {"nbformat": 4, "nbformat_minor": 0, "metadata": metadata, "cells": cells}


def test_a_notebook_downloaded_from_colab_is_collected_and_graded(tmp_path):
    root = copy_course(tmp_path / "course")
    generate_release(course_api(str(root)), "00_setup")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    download = colab_download(reference_submission("00_setup"))
    (downloads / "ada_00_setup.ipynb").write_text(json.dumps(download, indent=1))
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "00_setup", "--course", str(root),
         "--downloads", str(downloads), "--unsandboxed", "--no-feedback"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (row,) = csv.DictReader((root / "grading" / "00_setup" / "grades.csv").open())
    full = sum(graded_points("00_setup").values())
    assert (row["student"], float(row["score"]), float(row["max_score"])) == ("ada", full, full)
