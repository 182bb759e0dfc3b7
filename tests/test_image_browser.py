"""The image browser's start: one that hangs is given up and tried afresh, within a bound, with no stray error."""

from __future__ import annotations

import asyncio
import gc
import logging

import kaleido
import pytest

from dashboard.output import images


class _Browser:
    """A stand-in for kaleido's browser: the first one's start hangs, the next ones start at once."""

    made: list[_Browser] = []

    def __init__(self, **_options):
        self.hangs, self.closed = not _Browser.made, False
        _Browser.made.append(self)

    async def open(self):
        if self.hangs:
            await asyncio.sleep(3600)

    async def close(self):
        self.closed = True


def test_a_browser_start_that_hangs_is_closed_and_tried_afresh(monkeypatch, caplog):
    monkeypatch.setattr(_Browser, "made", [])
    monkeypatch.setattr(kaleido, "Kaleido", _Browser)
    monkeypatch.setattr(images, "OPEN_S", 0.3)
    monkeypatch.setattr(images, "_page", lambda: None)
    renderer = images.ImageRenderer(browser_path="/bin/true")
    with caplog.at_level(logging.WARNING):
        browser, _loop = renderer._started()
        gc.collect()  # an error left in a task nobody awaited would be logged now, with its traceback
    first, second = _Browser.made
    assert browser is second and first.closed and not second.closed
    assert "did not start (attempt 1)" in caplog.text and "Traceback" not in caplog.text
    assert "never retrieved" not in caplog.text


class _Hanging(_Browser):
    def __init__(self, **options):
        super().__init__(**options)
        self.hangs = True


def test_a_browser_that_never_starts_makes_image_export_unavailable_in_words(monkeypatch):
    monkeypatch.setattr(_Browser, "made", [])
    monkeypatch.setattr(kaleido, "Kaleido", _Hanging)
    monkeypatch.setattr(images, "OPEN_S", 0.2)
    monkeypatch.setattr(images, "_page", lambda: None)
    with pytest.raises(images.ImagesUnavailable, match="Could not start the browser for image export"):
        images.ImageRenderer(browser_path="/bin/true")._started()
    assert len(_Browser.made) == images.OPEN_ATTEMPTS and all(b.closed for b in _Browser.made)
