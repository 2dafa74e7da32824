"""Browser-test harness: a govsearch server on a free port in a thread, and Debian's headless chromium.

Chromium is driven by Selenium through Debian's ``chromium-driver`` at a path
given explicitly, so Selenium Manager (which would download a driver) is never
asked: the ``chrome`` fixture makes any call to it fail the test. Where chromium
or its driver is not installed, the browser tests skip and say what to install
(CI installs both, see ``.ci/run``). Import the fixtures into a test module:
``from webharness import chrome, serving  # noqa: F401``.
"""

import importlib.util
import os
import shutil

import pytest

from govsearch.web import start

CHROMIUM = os.environ.get("GOVSEARCH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = os.environ.get("GOVSEARCH_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
MISSING = ("chromium, chromium-driver or selenium is not installed "
           "(apt-get install chromium chromium-driver fonts-noto-cjk; pip install -e '.[test]')")


def browser_available():
    return bool(CHROMIUM) and os.access(CHROMEDRIVER, os.X_OK) and importlib.util.find_spec("selenium") is not None


def new_driver(width=1280, height=900):
    """A headless chromium driven through the system's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--disable-background-networking",
                     f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


@pytest.fixture(scope="session")
def chrome():
    """One headless chromium for the session (starting one takes about a second)."""
    if not browser_available():
        pytest.skip(MISSING)
    from selenium.webdriver.common import selenium_manager

    def refuse(*args, **kwargs):
        raise AssertionError("Selenium Manager was asked for a driver: it must never download one")

    original = selenium_manager.SeleniumManager.binary_paths
    selenium_manager.SeleniumManager.binary_paths = refuse
    try:
        driver = new_driver()
    finally:
        selenium_manager.SeleniumManager.binary_paths = original
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def serving(ix):
    """A context of a server over ``ix`` on a free port of 127.0.0.1; gives the server (``.url``)."""
    class Running:
        def __enter__(self):
            self.server = start(ix, "127.0.0.1", 0)
            return self.server

        def __exit__(self, *exc):
            self.server.shutdown()
            self.server.server_close()
    return Running()
