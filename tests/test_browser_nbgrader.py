"""nbgrader in a real browser: a student validates a notebook, an instructor opens the Formgrader.

Each test serves a copy of the course with `make lab` itself (the copy carries the Makefile and
labconfig/, and the environment as `.venv`), so the server reads the copy's jupyter_config.py and
nothing is written into the repository. This catches an nbgrader labextension that does not
match JupyterLab, a Makefile that does not put the environment's programs on PATH, and the
"Jupyter news" prompt coming back. Screenshots go to build/screenshots/.

Why `make lab` and not `jupyter lab`: nbgrader runs `alembic` by name when it makes a gradebook,
so a server whose PATH lacks the environment's bin folder never shows the Formgrader's
assignments. A test that put that folder on PATH itself would pass whatever the Makefile does;
here the test takes it off PATH (`make test` and an activated environment put it there) and
only the Makefile's `export PATH` can put it back. The copy's `.venv` is the environment this
test runs in, with the Makefile's stamp already made, so `make lab` installs nothing.
"""

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline.course_api import course_api, generate_release
from autograder.pipeline.gradebook import cell_scores, gradebook_path
from tests.browser import free_port, lab_env, needs_chromium, screenshot, server_flags, serving
from tests.roundtrip import REPO, Edit, copy_course, edited, reference_submission

pytestmark = needs_chromium
pytest_plugins = ["tests.browser"]  # the browser fixture
ASSIGNMENT = "00_setup"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
DIVIDES_BY_VARIANCE = Edit("standardize", "std = X.std(axis=0)", "std = X.var(axis=0)")
FAILING = '"""every column of the result has mean 0 and standard deviation 1"""'
FAILING_CHECK = "AssertionError: column standard deviations of standardize(X), within 10% differs"
NEWS_PROMPT = "Jupyter news"
WAIT = 180  # seconds for a page, a kernel or a validation on a loaded machine


def lab_course(dest: Path) -> Path:
    """A copy of the course that `make lab` can serve: the Makefile, labconfig/ and the
    environment this test runs in as its `.venv`, already set up."""
    root = copy_course(dest)
    for name in ("Makefile", "environment.yml", ".ci/requirements.py"):
        (root / name).parent.mkdir(exist_ok=True)
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "labconfig", root / "labconfig")
    (root / ".venv").mkdir()
    (root / ".venv" / "bin").symlink_to(os.path.dirname(sys.executable))
    (root / ".venv" / ".installed").touch()  # newer than what it is made from: no install
    return root


def path_without_environment() -> str:
    """PATH without this environment's bin folder (`make test` and an activated venv put it
    there), so that the server finds `alembic` only if the Makefile puts it back."""
    bin_dir = os.path.realpath(os.path.dirname(sys.executable))
    folders = os.environ["PATH"].split(os.pathsep)
    return os.pathsep.join(f for f in folders if os.path.realpath(f) != bin_dir)


@pytest.fixture
def make_lab(tmp_path):
    """Start `make lab` in a course copy made by ``lab_course``; yields ``start(root)``, which
    returns the server's URL. The server's PATH lacks the environment's bin folder, and make runs
    without the flags of a `make test` around it."""
    with contextlib.ExitStack() as servers:

        def start(root: Path) -> str:
            port = free_port()
            env = lab_env(tmp_path, PATH=path_without_environment())
            for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "JUPYTER_CONFIG_PATH"):
                env.pop(name, None)
            command = ["make", "-C", str(root), "lab", "ARGS=" + " ".join(server_flags(port))]
            log = tmp_path / "lab.log"
            url = servers.enter_context(serving(command, port, log, timeout=WAIT, env=env))
            assert f"Serving notebooks from local directory: {root}\n" in log.read_text()
            return url

        yield start


def wait_for(browser, condition, what: str, seconds=WAIT):
    """``condition(browser)`` once it is true; if it is not within ``seconds``, fail, naming
    ``what`` was awaited and leaving a screenshot named after it."""
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, seconds, ignored_exceptions=(StaleElementReferenceException,))
    try:
        return wait.until(condition)
    except TimeoutException:
        path = screenshot(browser, "timeout_" + what.replace(" ", "_"))
        pytest.fail(f"no {what} within {seconds} s; the page is in {path}")


def page_text(browser) -> str:
    return browser.execute_script("return document.body.textContent")


def assert_no_news_prompt(browser):
    """labconfig/page_config.json reached the page and no "Jupyter news" prompt shows."""
    config = browser.execute_script(
        "return JSON.parse(document.getElementById('jupyter-config-data').textContent)"
    )
    disabled = config.get("disabledExtensions", [])
    assert "@jupyterlab/apputils-extension:announcements" in disabled, disabled
    assert NEWS_PROMPT not in page_text(browser)


def click_menu(browser, menu: str, item: str):
    from selenium.webdriver.common.by import By

    labels = browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel")
    next(label for label in labels if label.text == menu).click()
    items = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel"), f"{menu} menu"
    )
    next(label for label in items if label.text == item).click()


def listed_assignments(browser) -> list[str]:
    """The first column of the Formgrader's assignment table ("Loading, please wait..." while
    its request is pending, which a missing `alembic` makes forever)."""
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "#main-table tr")
    return [row.find_element(By.TAG_NAME, "td").text for row in rows]


def shown_scores(browser) -> dict[str, str]:
    """``{grade_id: autograded score}`` that the manual-grading view shows (as each score box's
    placeholder, which a grader's own score replaces)."""
    from selenium.webdriver.common.by import By

    boxes = browser.find_elements(By.CSS_SELECTOR, "input.score")
    return {
        b.get_attribute("id"): b.get_attribute("placeholder")
        for b in boxes
        if b.get_attribute("placeholder")
    }


def test_validate_names_the_failing_test_cell(tmp_path, make_lab, browser):
    """A student's 00_setup divides by the variance; Run All shows the failing check, and the
    Validate button's dialog names that test cell and no passing one."""
    from selenium.webdriver.common.by import By

    root = lab_course(tmp_path / "course")
    nbformat.write(
        edited(reference_submission(ASSIGNMENT), [DIVIDES_BY_VARIANCE]),
        root / "release" / NOTEBOOK,
    )
    url = make_lab(root)
    browser.get(f"{url}/lab/tree/release/{NOTEBOOK}")
    status = (By.ID, "jp-main-statusbar")
    wait_for(browser, lambda d: "| Idle" in d.find_element(*status).text, "idle kernel")
    assert_no_news_prompt(browser)
    click_menu(browser, "Run", "Run All Cells")
    wait_for(browser, lambda d: FAILING_CHECK in page_text(d), "failing check in the notebook")
    screenshot(browser, "student_run_all")

    browser.find_element(By.CSS_SELECTOR, ".validate-button").click()
    dialog = wait_for(
        browser,
        lambda d: next(
            (e for e in d.find_elements(By.CSS_SELECTOR, ".jp-Dialog") if FAILING in e.text), None
        ),
        "validation dialog",
    )
    screenshot(browser, "student_validate")
    text = dialog.get_attribute("textContent")
    assert "Validation Results" in text and FAILING_CHECK in text, text
    assert '"""a constant column becomes zeros, not NaN"""' not in text, text
    assert_no_news_prompt(browser)


def test_formgrader_lists_assignments_and_opens_a_submission(tmp_path, make_lab, browser):
    """The Formgrader's first visit makes the gradebook (nbgrader runs `alembic` for that, so the
    copy has none yet) and lists the course's assignments; after a student's 00_setup is
    autograded, its manual-grading view shows each test cell's score."""
    from selenium.webdriver.common.by import By

    root = lab_course(tmp_path / "course")
    assert not (root / "gradebook.db").exists()
    url = make_lab(root)
    browser.get(f"{url}/formgrader")
    sources = sorted(p.name for p in (root / "source").iterdir() if p.is_dir())
    log = tmp_path / "lab.log"
    wait_for(
        browser,
        lambda d: sorted(listed_assignments(d)) == sources or "alembic" in log.read_text(),
        "assignments",
    )
    screenshot(browser, "formgrader_assignments")
    assert "alembic" not in log.read_text(), log.read_text()[-3000:]
    assert "exchange directory" not in page_text(browser)  # else no Release and Collect

    generate_release(course_api(str(root)), ASSIGNMENT)
    submitted = root / "submitted" / "ada" / ASSIGNMENT
    submitted.mkdir(parents=True)
    submission = edited(reference_submission(ASSIGNMENT), [DIVIDES_BY_VARIANCE])
    nbformat.write(submission, submitted / f"{ASSIGNMENT}.ipynb")
    grading = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--course", str(root),
         "--unsandboxed", "--no-feedback"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert grading.returncode == 0, grading.stdout + grading.stderr

    browser.get(f"{url}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
    link = wait_for(browser, lambda d: d.find_elements(By.LINK_TEXT, "Submission #1"), "link")
    link[0].click()
    body = (By.TAG_NAME, "body")
    wait_for(browser, lambda d: "Submission 1 / 1" in d.find_element(*body).text, "submission")
    graded = cell_scores(gradebook_path(root), ASSIGNMENT)["ada"]
    assert graded["test_standardize_moments"] == 0 and graded["test_standardize_shape"] == 1
    expected = {grade_id: f"{score:g}" for grade_id, score in graded.items()}
    wait_for(browser, lambda d: len(shown_scores(d)) == len(expected), "scores")
    screenshot(browser, "formgrader_submission")
    assert shown_scores(browser) == expected
