#!/usr/bin/env python3
"""Playing the view in the page (#24): frames per second in headless Chromium, the answer's size, the requests
while playing and the first frame after pressing Play — on the bundled data and on a million events.

    .venv/bin/python benchmarks/playback_page.py                     # bundled and 1,000,000
    .venv/bin/python benchmarks/playback_page.py --sizes 0           # bundled only (0: the bundled 19 events)

For each size it starts ``python -m dashboard serve`` on loopback (figure cache off: every answer is made
afresh), opens the page at 1440×1000 px in headless Chromium (Debian's), presses Play and lets it play
``--frames`` frames, then reads the player's own counts (``conflictPlayback.page().stats()``): frames drawn per
second of requestAnimationFrame, the mean and worst milliseconds a frame's drawing took, the milliseconds from
the press to the first frame drawn (the answer fetched and read included), and from the browser's resource
timing the requests made while playing, the answer's bytes on the wire (gzip), its milliseconds in all and
until its first byte (the server's work). Runs ``--runs`` times per
size, a fresh page each time; prints the medians as JSON. Quote them with the machine (``nproc``, CPU model).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import DATA_DIR, start  # noqa: E402
from tests.support.server import stop  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402

BUNDLED = REPO / "data" / "events.csv"


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--window-size=1440,1000"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def play_once(driver, base: str, frames: int) -> dict:
    driver.get(base + "/")
    deadline = time.monotonic() + 120
    while not driver.execute_script("return !!(window.conflictPlayback && window.conflictPlayback.page()) && "
                                    "!!document.querySelector('#timeline .main-svg')"):
        if time.monotonic() > deadline:
            raise RuntimeError("the page did not draw its timeline")
        time.sleep(0.2)
    time.sleep(3.0)  # the page's own first requests settle
    driver.execute_script("performance.clearResourceTimings(); window.__asked = performance.now();")
    driver.find_element("id", "player-play").click()
    while (driver.execute_script("return window.conflictPlayback.page().stats()")["frames"] < frames
           and time.monotonic() < deadline + 60):
        time.sleep(0.1)
    stats = driver.execute_script("return window.conflictPlayback.page().stats()")
    requests = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => ({name: e.name, bytes: e.transferSize, "
        "decoded: e.decodedBodySize, ms: e.duration, wait: e.responseStart - e.requestStart}))")
    driver.find_element("id", "player-play").click()  # pause
    answers = [r for r in requests if "/playback/frames.json" in r["name"]]
    others = [r for r in requests if "/playback/frames.json" not in r["name"]]
    return {"fps": stats["fps"], "mean_draw_ms": stats["meanDrawMs"], "worst_draw_ms": stats["worstDrawMs"],
            "first_frame_ms": stats["firstFrameMs"], "frames": stats["frames"], "kind": stats["kind"],
            "answer_requests": len(answers), "other_requests_while_playing": len(others),
            "answer_gzip_kb": round(sum(a["bytes"] for a in answers) / 1024, 1),
            "answer_ms": sum(a["ms"] for a in answers), "answer_server_ms": sum(a["wait"] for a in answers),
            "answer_kb": round(sum(a["decoded"] for a in answers) / 1024, 1)}


def measure(size: int, frames: int, runs: int) -> dict:
    data = BUNDLED if size == 0 else synthetic_file(size, DATA_DIR)
    cache = Path(tempfile.gettempdir()) / "dashboard-bench-cache"
    process, base, startup = start(data, cache)
    driver = browser()
    try:
        results = [play_once(driver, base, frames) for _ in range(runs)]
    finally:
        driver.quit()
        stop(process)
    numbers = ("fps", "mean_draw_ms", "worst_draw_ms", "first_frame_ms", "answer_ms", "answer_server_ms",
               "answer_gzip_kb", "answer_kb")
    return {"events": size or 19, "startup_s": round(startup, 1), "runs": runs, "frames_per_run": frames,
            **{f"median_{n}": round(statistics.median(r[n] for r in results), 1) for n in numbers},
            "kind": results[0]["kind"], "answer_requests": max(r["answer_requests"] for r in results),
            "other_requests_while_playing": max(r["other_requests_while_playing"] for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1_000_000])
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    machine = {"cpus": __import__("os").cpu_count(), "cpu": platform.processor() or platform.machine(),
               "python": platform.python_version()}
    print(json.dumps({"machine": machine, "sizes": [measure(n, args.frames, args.runs) for n in args.sizes]},
                     indent=2))


if __name__ == "__main__":
    main()
