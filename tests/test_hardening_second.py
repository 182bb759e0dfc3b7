"""Hardening, second pass (#28): small requests that used to occupy a worker for minutes, against gunicorn from
the Procfile with the bundled data."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

import pytest
import requests


pytestmark = pytest.mark.production

HEAD = "---\ntitle: Draft\n---\n"


def preview(base: str, text: str, **headers) -> tuple[requests.Response, float]:
    began = time.monotonic()
    response = requests.post(f"{base}/story/preview", data={"story": text}, headers=headers, timeout=60)
    return response, time.monotonic() - began


def many_quotes() -> str:
    ids = ",".join(f"e{i}" for i in range(14_000))  # 87 KB, as the review sent
    return HEAD + f"## One\nview: type=talks\nquotes: {ids}\n\nText.\n"


def many_headings() -> str:
    return HEAD + "## a\n" * 19_990


def test_a_draft_quoting_14000_ids_is_answered_at_once_with_the_reason(gunicorn):
    base, _ = gunicorn
    response, seconds = preview(base, many_quotes())
    assert response.status_code == 400 and seconds < 2, seconds
    assert "a step quotes at most 20 events, not 14,000" in response.text
    assert response.text.count("unknown event") == 20  # the first twenty, checked in one question


def test_a_draft_of_19990_headings_is_answered_at_once_with_the_reason(gunicorn):
    base, _ = gunicorn
    response, seconds = preview(base, many_headings())
    assert response.status_code == 400 and seconds < 2, seconds
    assert "a story has at most 100 steps; this is step 101 of 19,990" in response.text
    assert len(response.content) < 200_000


def test_a_step_too_long_is_not_parsed(gunicorn):
    base, _ = gunicorn
    response, seconds = preview(base, HEAD + "## One\nview:\n\n" + "![" * 47_500 + "\n")
    assert response.status_code == 400 and seconds < 2, seconds
    assert "characters long: a step holds at most 10,000 (split it in two)" in response.text


def test_eight_costly_previews_at_once_leave_health_quick(gunicorn):
    base, _ = gunicorn
    drafts = [many_quotes(), many_headings()] * 4
    with ThreadPoolExecutor(9) as pool:
        answers = [pool.submit(preview, base, d) for d in drafts]
        time.sleep(0.2)
        began = time.monotonic()
        health = requests.get(f"{base}/health", timeout=30)
        seconds = time.monotonic() - began
        assert all(a.result()[0].status_code == 400 for a in answers)
    assert health.status_code == 200 and seconds < 1, seconds


def test_a_preview_asked_by_another_site_is_refused(gunicorn):
    base, _ = gunicorn
    story = HEAD + "## One\nview: type=talks\n\nText.\n"
    assert preview(base, story, Origin="https://evil.example")[0].status_code == 403
    assert preview(base, story, **{"Sec-Fetch-Site": "cross-site"})[0].status_code == 403
    assert preview(base, story, Origin=base)[0].status_code == 200  # the dashboard's own page
    assert preview(base, story, **{"Sec-Fetch-Site": "same-origin"})[0].status_code == 200
    assert preview(base, story)[0].status_code == 200  # a script on the author's machine


def _connection(base: str) -> socket.socket:
    address = urlsplit(base)
    sock = socket.create_connection((address.hostname, address.port), timeout=30)
    return sock


def _answer(sock: socket.socket) -> bytes:
    """All the server sends until it closes the connection."""
    parts = []
    while chunk := sock.recv(65536):
        parts.append(chunk)
    return b"".join(parts)


def test_fifty_slow_headers_for_thirty_seconds_leave_health_answering_every_second(gunicorn):
    """Each of 50 connections sends one header line every 5 s (#28): they held every worker thread, and
    /health timed out for as long as they lasted. The worker now gathers heads without a thread."""
    base, _ = gunicorn
    slow = [_connection(base) for _ in range(50)]
    for sock in slow:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: slow\r\n")
    began, waits, line = time.monotonic(), [], 0
    try:
        while time.monotonic() - began < 30:
            if int(time.monotonic() - began) // 5 > line:
                line += 1
                for sock in slow:
                    try:
                        sock.sendall(f"X-Slow-{line}: {line}\r\n".encode())
                    except OSError:
                        pass  # closed: its head took too long
            asked = time.monotonic()
            assert requests.get(f"{base}/health", timeout=5).status_code == 200
            waits.append(time.monotonic() - asked)
            time.sleep(max(0.0, 1 - (time.monotonic() - asked)))
    finally:
        for sock in slow:
            sock.close()
    assert len(waits) >= 25 and max(waits) < 1, f"{len(waits)} answers, the slowest in {max(waits):.2f} s"


def test_a_head_not_sent_within_ten_seconds_is_closed(gunicorn):
    base, _ = gunicorn
    sock = _connection(base)
    sock.sendall(b"GET /health HTTP/1.1\r\n")
    began = time.monotonic()
    assert _answer(sock) == b"" and 9 < time.monotonic() - began < 15
    sock.close()


def test_requests_sent_in_pieces_pipelined_or_kept_alive_are_answered(gunicorn):
    base, _ = gunicorn
    host = urlsplit(base).netloc
    sock = _connection(base)
    sock.sendall(b"GET /health HTTP/1.1\r\nHo")
    time.sleep(0.5)
    sock.sendall(f"st: {host}\r\n\r\nGET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    answer = _answer(sock)
    assert answer.count(b"HTTP/1.1 200 OK") == 2 and answer.count(b'"status":"ok"') == 2, answer[:300]
    sock.close()
    # a small body arriving after its head, and a client that waits for "100 Continue"
    body = "story=" + quote(HEAD + "## One\nview: type=talks\n\nText.\n")
    for expect in ("", "Expect: 100-continue\r\n"):
        sock = _connection(base)
        sock.sendall((f"POST /story/preview HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{expect}"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode())
        time.sleep(0.5)
        sock.sendall(body[:10].encode())
        time.sleep(0.5)
        sock.sendall(body[10:].encode())
        answer = _answer(sock)
        assert b"HTTP/1.1 200 OK" in answer and b"Draft" in answer, answer[:300]
        sock.close()
    with requests.Session() as session:  # one connection kept alive
        assert [session.get(f"{base}/health", timeout=5).status_code for _ in range(5)] == [200] * 5
