#!/usr/bin/env python3
"""Playback as video (#24): time, size and the process's peak memory for an MP4 and a GIF of the bundled data.

    .venv/bin/python benchmarks/playback_video.py [--runs 3] [--frames 120] [--json benchmarks/results-playback-video.json]
    .venv/bin/python benchmarks/playback_video.py --store STORE.duckdb --frames 60 --query type=Riots --formats mp4 --budget

With ``--store`` (a prepared store, e.g. of a million events: ``python -m dashboard import FILE --into STORE``)
the videos are of that store's events; with ``--budget`` each is made within the server's time budget for a video
(``Settings.video_timeout``) as ``/export/playback.mp4`` makes it: a run past it fails as the route's 503 would.

Each run renders the view's frames with a warm image renderer (its browser started once, before the timing)
and encodes them; prints the median seconds, the file sizes and the frames, and the memory the work adds: the
Python process's peak and the peak of the whole tree (Python, the renderer's Chromium and ffmpeg), sampled
every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import threading
import time
from datetime import date
from pathlib import Path

from dashboard.output.exports import export
from dashboard.output.images import ImageRenderer
from dashboard.output.video import VIDEO_FORMATS, frame_days
from dashboard.query import budget
from dashboard.query.dataset import load_dataset
from dashboard.query.view import resolve_view
from dashboard.settings import Settings


def tree_rss_mb() -> float:
    """Resident memory of this process and every process under it, in MB (Linux /proc)."""
    def children(pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as listing:
                return [int(c) for c in listing.read().split()]
        except OSError:
            return []

    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
        todo.extend(children(pid))
    return total / 1e6


class PeakSampler:
    """The highest ``tree_rss_mb`` seen while running."""

    def __init__(self) -> None:
        self.peak, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, tree_rss_mb())

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="")
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--store", help="a prepared store to play instead of the bundled data")
    parser.add_argument("--formats", nargs="+", default=["mp4", "gif"], choices=VIDEO_FORMATS)
    parser.add_argument("--budget", action="store_true", help="within the server's time budget for a video")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args()
    dataset, renderer = load_dataset(store=args.store), ImageRenderer()
    seconds = Settings().video_timeout if args.budget else 0
    view = resolve_view(dataset, args.query)
    export(dataset, resolve_view(dataset, "type=talks"), "timeline", "png", renderer=renderer)  # warm the browser
    before, tree_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, tree_rss_mb()
    result = {"machine": f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}",
              "events": dataset.engine.count(resolve_view(dataset, "").filter), "query": args.query,
              "frames_asked": args.frames, "size": "1280x720", "runs": args.runs, "video_budget_s": seconds or None,
              "formats": {}}
    for fmt in args.formats:
        with PeakSampler() as sampler:
            times, size = [], 0
            for _ in range(args.runs):
                start = time.perf_counter()
                with budget.within(seconds):
                    made = export(dataset, view, "playback", fmt, renderer=renderer, made=date.today(),
                                  video=(args.frames, 10))
                times.append(time.perf_counter() - start)
                size = len(made.content)
        frames = len(frame_days(dataset, view, args.frames))
        result["formats"][fmt] = {"frames": frames, "median_s": round(statistics.median(times), 1),
                                  "runs_s": [round(t, 1) for t in times], "mb": round(size / 1e6, 2),
                                  "tree_added_mb": round(sampler.peak - tree_before)}
        print(f"{fmt}: {frames} frames, median {statistics.median(times):.1f} s "
              f"(runs {', '.join(f'{t:.1f}' for t in times)}), {size / 1e6:.2f} MB; the process with the renderer's "
              f"Chromium and ffmpeg +{sampler.peak - tree_before:.0f} MB at most")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["python_added_mb"], result["tree_before_mb"] = round((peak - before) / 1024), round(tree_before)
    print(f"peak memory of this process: {peak / 1024:.0f} MB (+{(peak - before) / 1024:.0f} MB during the videos)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
