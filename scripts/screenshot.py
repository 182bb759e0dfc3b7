#!/usr/bin/env python3
"""Take the README's screenshots of the dashboard in headless Chromium.

Starts the dashboard on a free loopback port (bundled data), opens a view at a
desktop and a phone width, waits for every callback, and writes
docs/screenshot-desktop.png and docs/screenshot-phone.png. Run from the
repository root with the project's virtualenv: ``.venv/bin/python scripts/screenshot.py``.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options

VIEW = "?event=border-clash-2023-05-11"
SIZES = {"desktop": (1440, 1500), "phone": (375, 2400)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the dashboard did not answer at {url}")


def browser(width: int, height: int) -> webdriver.Chrome:
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.set_window_size(width, height)  # after start-up: the command-line size has a 500 px minimum
    return driver


def settle(driver: webdriver.Chrome, timeout: float = 20) -> None:
    """Wait until the page has rendered its figures and no callback is pending."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script(
            "return document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2 && "
            "!document.querySelector('[data-dash-is-loading=true]')")
        if ready:
            time.sleep(1.0)
            return
        time.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        args.out.mkdir(exist_ok=True)
        for name, (width, height) in SIZES.items():
            driver = browser(width, height)
            try:
                driver.get(f"http://127.0.0.1:{port}/{VIEW}")
                settle(driver)
                path = args.out / f"screenshot-{name}.png"
                driver.save_screenshot(str(path))
                print(f"wrote {path}")
            finally:
                driver.quit()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
