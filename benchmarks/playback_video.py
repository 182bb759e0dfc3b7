#!/usr/bin/env python3
"""Playback as video (#24): time, size and the process's peak memory for an MP4 and a GIF of the bundled data.

    .venv/bin/python benchmarks/playback_video.py [--runs 3] [--frames 120]

Each run renders the view's frames with a warm image renderer (its browser started once, before the timing)
and encodes them; prints the median seconds, the file sizes and the frames.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from datetime import date

from dashboard.output.exports import export
from dashboard.output.images import ImageRenderer
from dashboard.output.video import frame_days
from dashboard.query.dataset import load_dataset
from dashboard.query.view import resolve_view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="")
    parser.add_argument("--frames", type=int, default=120)
    args = parser.parse_args()
    dataset, renderer = load_dataset(), ImageRenderer()
    view = resolve_view(dataset, args.query)
    export(dataset, resolve_view(dataset, "type=talks"), "timeline", "png", renderer=renderer)  # warm the browser
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for fmt in ("mp4", "gif"):
        times, size = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            made = export(dataset, view, "playback", fmt, renderer=renderer, made=date.today(), video=(args.frames, 10))
            times.append(time.perf_counter() - start)
            size = len(made.content)
        print(f"{fmt}: {len(frame_days(dataset, view, args.frames))} frames, median {statistics.median(times):.1f} s "
              f"(runs {', '.join(f'{t:.1f}' for t in times)}), {size / 1e6:.2f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory of this process: {peak / 1024:.0f} MB (+{(peak - before) / 1024:.0f} MB during the videos)")


if __name__ == "__main__":
    main()
