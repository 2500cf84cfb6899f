"""End to end in a real browser: JupyterLab renders 03's activation explorer and redraws it
when a control moves. This catches a widget frontend that does not match the kernel's ipywidgets.

Needs Debian's chromium and chromium-driver (`.ci/run` installs them). Elsewhere the test is
skipped, except under CI, where their absence is a failure.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.roundtrip import REPO

ASSIGNMENT = "03_activations_normalization"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"),
    reason="needs chromium and chromedriver (apt-get install chromium chromium-driver)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab_url(tmp_path):
    """JupyterLab, started as `make lab` starts it, serving a copy of the 03 notebook on loopback."""
    shutil.copytree(REPO / "source" / ASSIGNMENT, tmp_path / ASSIGNMENT)
    settings = (
        tmp_path / "lab-settings"
    )  # every cell in the page, so the test can find the explorer's
    settings.mkdir()
    (settings / "overrides.json").write_text(
        json.dumps({"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}})
    )
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={tmp_path}",
        f"--LabApp.app_settings_dir={settings}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_PATH": str(REPO),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    }
    log = open(tmp_path / "lab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "lab.log"
            ).read_text()
            time.sleep(0.5)
    yield f"{url}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture
def browser(tmp_path):
    assert CHROMIUM and CHROMEDRIVER, (
        "chromium and chromedriver are missing: apt-get install chromium chromium-driver"
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


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
