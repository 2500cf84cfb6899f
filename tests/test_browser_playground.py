"""End to end in a real browser: JupyterLab renders 03's activation explorer and redraws it
when a control moves. This catches a widget frontend that does not match the kernel's ipywidgets.

Needs Debian's chromium and chromium-driver (`.ci/run` installs them). Elsewhere the test is
skipped, except under CI, where their absence is a failure.
"""

import json
import os
import shutil
import sys

import pytest

from tests.browser import free_port, lab_env, needs_chromium, server_flags, serving
from tests.roundtrip import REPO

ASSIGNMENT = "03_activations_normalization"
pytestmark = needs_chromium
pytest_plugins = ["tests.browser"]  # the browser fixture


@pytest.fixture
def lab_url(tmp_path):
    """JupyterLab, started as `make lab` starts it, serving a copy of the 03 notebook on loopback."""
    shutil.copytree(REPO / "source" / ASSIGNMENT, tmp_path / ASSIGNMENT)
    # Every cell in the page, so that the test can find the explorer's.
    settings = tmp_path / "lab-settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(
        json.dumps({"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}})
    )
    port = free_port()
    command = [sys.executable, "-m", "jupyter", "lab", *server_flags(port)]
    command += [f"--ServerApp.root_dir={tmp_path}", f"--LabApp.app_settings_dir={settings}"]
    env = lab_env(
        tmp_path,
        JUPYTER_CONFIG_PATH=str(REPO),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    )
    with serving(command, port, tmp_path / "lab.log", env=env) as url:
        yield f"{url}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"


def _rendered_images(cell) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        img.get_attribute("src")
        for img in cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img")
    ]


def test_activation_explorer_redraws_when_the_activation_changes(lab_url, browser):
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(lab_url)
    wait = WebDriverWait(browser, 120, ignored_exceptions=(StaleElementReferenceException,))
    cell = wait.until(
        lambda d: next(
            (
                c
                for c in d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")
                if "activation_explorer()" in c.text
            ),
            None,
        )
    )
    browser.execute_script("arguments[0].scrollIntoView()", cell)
    cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").click()
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()

    dropdown = wait.until(lambda d: cell.find_elements(By.CSS_SELECTOR, ".widget-dropdown select"))[
        0
    ]
    before = wait.until(lambda d: _rendered_images(cell))
    choice = Select(dropdown)
    current = choice.first_selected_option.get_attribute("value")
    other = next(
        o.get_attribute("value") for o in choice.options if o.get_attribute("value") != current
    )
    choice.select_by_value(other)
    try:
        WebDriverWait(browser, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: _rendered_images(cell) not in ([], before)
        )
    except TimeoutException:
        pytest.fail(
            f"the figure did not change within 60 s of choosing {other!r} instead of {current!r}"
        )
