"""What the browser tests share: headless Chromium, and a JupyterLab server they wait for.

Used in: tests/test_browser_playground.py, tests/test_browser_nbgrader.py. Both need Debian's
chromium and chromium-driver (`.ci/run` installs them); elsewhere they are skipped, except under
CI, where their absence is a failure.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.roundtrip import REPO

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SCREENSHOTS = REPO / "build" / "screenshots"  # git-ignored; each test overwrites its own files
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"),
    reason="needs chromium and chromedriver (apt-get install chromium chromium-driver)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_flags(port: int) -> list[str]:
    """JupyterLab's flags for a test: loopback, no token, no browser of its own."""
    flags = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
    ]
    return flags + (["--allow-root"] if os.geteuid() == 0 else [])


def lab_env(tmp: Path, **variables) -> dict:
    """The environment with JupyterLab's user settings and workspaces in ``tmp``, so that neither
    a choice saved in ~/.jupyter (the news prompt's answer) nor the test's own leaks through."""
    return {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        **variables,
    }


@contextlib.contextmanager
def serving(command: list[str], port: int, log_path: Path, timeout: float = 120, **popen):
    """Run ``command`` (a JupyterLab on ``port``) in a session of its own until it answers, yield
    its URL, then stop it and everything it started. A server that exits or does not answer
    within ``timeout`` seconds fails the test with its log."""
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status", timeout=2)
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, (
                        log_path.read_text()
                    )
                    time.sleep(0.5)
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium through chromedriver, with a profile in ``tmp_path``."""
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


def screenshot(driver, name: str) -> Path:
    """Save the page as ``build/screenshots/<name>.png`` and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
