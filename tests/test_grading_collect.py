"""Do LMS downloads, loose or zipped, land in nbgrader's submitted/ tree?"""

import zipfile

import nbformat
import pytest

from autograder.pipeline.collect import collect_downloads
from autograder.pipeline.course_api import course_api, generate_release
from tests.roundtrip import copy_course, reference_submission


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
