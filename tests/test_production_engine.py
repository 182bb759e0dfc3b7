"""The engine in production: gunicorn from the Procfile (2 workers) serving a store of 100,000 synthetic
ACLED events. A worker killed in the middle of a query is replaced while the other keeps answering, and
the store is never written by the server."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import threading
import time

import pytest
import requests

from dashboard.data.streaming import import_into_store
from tests.support.server import accepted_by, procfile_server, workers_of
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
        # full exports of every event, each a stream of engine queries, keep both workers busy: downloads are
        # started until each worker holds one (gunicorn's workers race for connections: four may all go to one)
        port = int(base.rsplit(":", 1)[1])
        downloads: dict[int, threading.Thread] = {}  # the client's port → its thread
        answers: dict[int, object] = {}

        def download(connection: http.client.HTTPConnection, port: int) -> None:
            try:
                connection.request("GET", "/export/events.json")
                response = connection.getresponse()
                while response.read(1 << 16):
                    pass
                answers[port] = response.status
            except (OSError, http.client.HTTPException) as error:
                answers[port] = type(error).__name__

        owners: dict[int, int] = {}  # the client's port → the worker that accepted it
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            owners.update((p, pid) for p, pid in accepted_by(workers, port).items() if p in downloads)
            if len(downloads) >= 4 and set(owners.values()) == set(workers):
                break
            if len(downloads) < 12 and (len(downloads) < 4 or all(p in owners or p in answers for p in downloads)):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                connection.connect()
                client = connection.sock.getsockname()[1]
                downloads[client] = threading.Thread(target=download, args=(connection, client))
                downloads[client].start()
            time.sleep(0.1)
        victim, survivor = workers
        on_survivor = [p for p, pid in owners.items() if pid == survivor]
        assert on_survivor and victim in owners.values(), owners
        time.sleep(1.5)
        os.kill(victim, signal.SIGKILL)
        views = [requests.get(f"{base}/export/events.csv?type=Riots&to=1996-12-31", timeout=60) for _ in range(6)]
        assert all(v.status_code == 200 for v in views)
        health = requests.get(f"{base}/health", timeout=10).json()
        assert health["events"] == 100_000 and health["engine"]["name"] == "duckdb"
        for thread in downloads.values():
            thread.join(180)
        # the surviving worker's downloads finished (a heavy slot's 503 is also an answer, but one at least is whole)
        assert all(answers[p] in (200, 503) for p in on_survivor) and 200 in [answers[p] for p in on_survivor], answers
        deadline = time.monotonic() + 30
        while (len(workers_of(process.pid)) < 2 or victim in workers_of(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers_of(process.pid)) == 2 and victim not in workers_of(process.pid)  # replaced
        counted = requests.get(f"{base}/embed/timeline?type=Riots", timeout=60)
        assert counted.status_code == 200 and f"{riots:,} of 100,000 events" in counted.text
    assert (digest(path), path.stat().st_mtime_ns) == before  # the server never wrote the store
    assert not path.with_name(path.name + ".wal").exists()
