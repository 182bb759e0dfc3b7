"""The engine in production: gunicorn from the Procfile (2 workers) serving a store of 100,000 synthetic
ACLED events. A worker killed in the middle of a query is replaced while the other keeps answering, and
the store is never written by the server."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time

import pytest
import requests

from dashboard.data.streaming import import_into_store
from tests.support.server import procfile_server, workers_of
from tests.support.synthetic import generate

pytestmark = pytest.mark.production


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    frame = generate(100_000)
    frame.to_csv(folder / "acled.csv", index=False)
    import_into_store([folder / "acled.csv"], folder / "events.duckdb")
    return folder / "events.duckdb", int((frame["event_type"] == "Riots").sum())


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_worker_killed_mid_query_is_replaced_and_the_other_keeps_serving(store):
    path, riots = store
    before = (digest(path), path.stat().st_mtime_ns)
    served_from = {"DASHBOARD_STORE": str(path), "DASHBOARD_CACHE": "none"}
    with procfile_server(workers=2, extra_env=served_from) as (base, process):
        workers = workers_of(process.pid)
        assert len(workers) == 2
        # full exports of every event, each a stream of engine queries, keep both workers busy
        answers: list = []

        def download():
            try:
                answers.append(requests.get(f"{base}/export/events.json", timeout=120).status_code)
            except requests.RequestException as error:
                answers.append(type(error).__name__)

        downloads = [threading.Thread(target=download) for _ in range(4)]
        for thread in downloads:
            thread.start()
        time.sleep(1.5)
        os.kill(workers[0], signal.SIGKILL)
        views = [requests.get(f"{base}/export/events.csv?type=Riots&to=1996-12-31", timeout=60) for _ in range(6)]
        assert all(v.status_code == 200 for v in views)
        health = requests.get(f"{base}/health", timeout=10).json()
        assert health["events"] == 100_000 and health["engine"]["name"] == "duckdb"
        for thread in downloads:
            thread.join(180)
        assert answers.count(200) >= 1  # the surviving worker's downloads finished
        deadline = time.monotonic() + 30
        while (len(workers_of(process.pid)) < 2 or workers[0] in workers_of(process.pid)) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers_of(process.pid)) == 2 and workers[0] not in workers_of(process.pid)  # replaced
        counted = requests.get(f"{base}/embed/timeline?type=Riots", timeout=60)
        assert counted.status_code == 200 and f"{riots:,} of 100,000 events" in counted.text
    assert (digest(path), path.stat().st_mtime_ns) == before  # the server never wrote the store
    assert not path.with_name(path.name + ".wal").exists()
