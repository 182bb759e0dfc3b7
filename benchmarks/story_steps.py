#!/usr/bin/env python3
"""A story over a million imported events: how long each step takes the server.

    .venv/bin/python benchmarks/story_steps.py                  # 1,000,000 events
    .venv/bin/python benchmarks/story_steps.py --events 100000

Writes the synthetic ACLED file (``tests/support/synthetic.py``, cached under
``--data-dir``) and a six-step story over it (everything; one type; a type
and a year; an actor; a text search; one event in its month), starts
``python -m dashboard serve`` on loopback with that story folder and the
figure cache off, and measures as the median of ``--repeats`` requests:

- each step's page ``/story/<slug>/<n>`` (all the steps' text, no figures);
- each step's figures ``/story/figures.json?<view>&width=…&map_width=…`` —
  what the browser asks for when the reader moves to the step — with its size
  as sent to a client that accepts gzip;
- the whole story as one offline file (``/export/story/<slug>.html``).

Prints JSON (and writes it to ``--out``); quote the medians with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.report_routes import fetch  # noqa: E402
from benchmarks.scale import DATA_DIR, machine, write_results  # noqa: E402
from tests.support.server import stop  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402

SLUG = "a-million-events"
STEPS = (
    ("Everything", ""),
    ("Battles", "type=Battles"),
    ("Riots in one year", "type=Riots&from=2020-01-01&to=2020-12-31"),
    ("One army", "actor=Azerbaijan"),
    ("Talks in the notes", "q=talks&from=2022-01-01&to=2023-12-31"),
    ("One event in its month", "event=SYN12345&from={month_start}&to={month_end}"),
)
WIDTHS = "&width=880&map_width=880"


def story_text(event_date: str) -> str:
    start = pd.Timestamp(event_date).replace(day=1)
    end = (start + pd.offsets.MonthEnd(0)).date().isoformat()
    start = start.date().isoformat()
    lines = ["---", "title: A million events", "byline: Synthetic ACLED data (tests/support/synthetic.py)", "---", ""]
    for headline, view in STEPS:
        query = urllib.parse.urlencode(urllib.parse.parse_qsl(view.format(month_start=start, month_end=end)))
        lines += [f"## {headline}", f"view: {query}", "", f"The step “{headline}”.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results-story-steps.json")
    args = parser.parse_args()
    data = synthetic_file(args.events, args.data_dir)
    event_date = pd.read_csv(data, skiprows=range(1, 12_346), nrows=1)["event_date"].iloc[0]  # SYN12345's
    stories = Path(tempfile.mkdtemp(prefix="dashboard-stories-"))
    (stories / f"{SLUG}.md").write_text(story_text(event_date), encoding="utf-8")
    os.environ["DASHBOARD_STORIES"] = str(stories)
    from benchmarks.scale import start

    process, base, started = start(data, Path(tempfile.mkdtemp(prefix="dashboard-import-cache-")))
    try:
        from dashboard.stories.files import read_story

        story = read_story(stories / f"{SLUG}.md")
        steps = []
        for number, step in enumerate(story.steps, 1):
            page = [fetch(f"{base}/story/{SLUG}/{number}")[1] for _ in range(args.repeats)]
            url = f"{base}/story/figures.json?{step.view}{WIDTHS}"
            runs = [fetch(url) for _ in range(args.repeats)]
            made = json.loads(urllib.request.urlopen(url, timeout=60).read())
            steps.append({"step": number, "view": step.view, "count": made["count"],
                          "page_s": round(statistics.median(page), 3),
                          "figures_s": round(statistics.median(r[1] for r in runs), 3),
                          "figures_kb": round(statistics.median(r[2] for r in runs) / 1024, 1),
                          "figures_transferred_kb": round(fetch(url, compressed=True)[2] / 1024, 1)})
        offline = fetch(f"{base}/export/story/{SLUG}.html")
        result = {"machine": machine(),
                  "events": args.events, "repeats": args.repeats, "start_s": round(started, 1), "steps": steps,
                  "slowest_step_s": max(s["figures_s"] for s in steps),
                  "offline_file": {"s": round(offline[1], 2), "mb": round(offline[2] / 1e6, 2)}}
    finally:
        stop(process)
    write_results(args.out, result)


if __name__ == "__main__":
    main()
