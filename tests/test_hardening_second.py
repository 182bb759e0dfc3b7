"""Hardening, second pass (#28): small requests that used to occupy a worker for minutes, against gunicorn from
the Procfile with the bundled data."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

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
