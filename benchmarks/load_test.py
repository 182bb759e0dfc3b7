#!/usr/bin/env python3
"""Load test: gunicorn as the Procfile runs it, 2 workers on loopback, driven by wrk.

    .venv/bin/python benchmarks/load_test.py                         # 50 clients for 60 s
    .venv/bin/python benchmarks/load_test.py --users 10 --seconds 10
    .venv/bin/python benchmarks/load_test.py --kill-worker-after 30  # SIGKILL a worker mid-run

The clients replay what readers do, in proportion: open a view (page, layout,
callback list), redraw views through the page's own callbacks, download data,
export charts (SVG, PNG, HTML) and load embeds — built from the app's callback
list by ``tests/support/traffic.py`` (the run itself is ``tests.support.load.run``,
which the production tests also use, briefly). wrk (Debian package ``wrk``) keeps every
client busy with no think time, so the figures are a worst case.

Prints a JSON summary: requests, errors (non-2xx answers and socket errors),
shed (exports turned away with 503 and Retry-After because the worker's
heavy-work slots were taken — the designed answer to more renders than a
worker should run at once, not an error),
requests/s, p50/p95/p99 latency (ms), and, with --kill-worker-after, whether
gunicorn replaced the worker. Talks to 127.0.0.1 only; stops by itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.load import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent clients (connections)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker-after", type=float, help="seconds into the run to SIGKILL one worker")
    args = parser.parse_args()
    print(json.dumps(run(args.users, args.seconds, args.kill_worker_after, args.workers), indent=2))


if __name__ == "__main__":
    main()
