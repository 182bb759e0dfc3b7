#!/usr/bin/env python3
"""Take the README's screenshots of the dashboard in headless Chromium.

Starts the dashboard on a free loopback port (bundled data), opens a view at a
desktop and a phone width, waits for every callback, and writes
docs/screenshot-desktop.png and docs/screenshot-phone.png; then the same at
desktop width on 100,000 synthetic ACLED events (docs/screenshot-100k.png).
Run from the repository root with the project's virtualenv:
``.venv/bin/python scripts/screenshot.py``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.server import free_port, wait_for_answer  # noqa: E402
from tests.support.synthetic import generate  # noqa: E402

VIEW = "?event=border-clash-2023-05-11"
SIZES = {"desktop": (1440, 1500), "phone": (390, 1700)}


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
            table_in_view = driver.execute_script(
                "const slot = document.getElementById('event-table-slot');"
                "return slot && slot.getBoundingClientRect().top < window.innerHeight")
            if table_in_view and not driver.execute_script("return !!document.querySelector('#event-table .ag-row')"):
                time.sleep(0.3)  # the table's code loads as it comes into view: wait for its rows
                continue
            time.sleep(1.0)
            return
        time.sleep(0.3)


def story_drawn(driver: webdriver.Chrome, timeout: float = 20) -> None:
    """Wait until a story page has drawn its step's figures."""
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return document.body.getAttribute('data-drawn')") and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.8)


def shoot(out: Path, shots: dict[str, tuple[int, int]], view: str, data: list[str]) -> None:
    """Serve ``data`` (bundled when empty) and save one screenshot per entry of ``shots``."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port), *data],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_answer(server, f"http://127.0.0.1:{port}/", 120, "the dashboard")
        for name, (width, height) in shots.items():
            driver = browser(width, height)
            try:
                driver.get(f"http://127.0.0.1:{port}/{view}")
                (story_drawn if view.startswith("story/") else settle)(driver, timeout=60)
                path = out / f"screenshot-{name}.png"
                driver.save_screenshot(str(path))
                print(f"wrote {path}")
            finally:
                driver.quit()
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    shoot(args.out, SIZES, VIEW, [])
    shoot(args.out, {"story-1440": (1440, 900), "story-390": (390, 844)}, "story/brussels-may-2023/6", [])
    ucdp = REPO.parent / "shared" / "data" / "ucdp_ged231_sample.csv"
    if ucdp.is_file():  # the article's events beside an HDX-style ACLED export and UCDP's worldwide sample
        shoot(args.out, {"mixed": (1440, 1000)}, "?group=source",
              ["--data", str(REPO / "data" / "events.csv"),
               str(REPO / "tests" / "fixtures" / "acled" / "hdx_armenia_worldwide.csv"), str(ucdp)])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "acled-100k.csv"
        generate(100_000).to_csv(data, index=False)
        shoot(args.out, {"100k": (1440, 1500)}, "?type=Battles&type=Explosions%2FRemote+violence",
              ["--data", str(data)])


if __name__ == "__main__":
    main()
