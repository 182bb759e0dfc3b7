"""Bounds on heavy work per worker process: image renders and full downloads.

A worker runs at most ``slots`` of them at once; a request that finds no free
slot within ``wait`` seconds is turned away (503 with ``Retry-After``) rather
than queued, so no worker is tied up by a crowd of expensive requests and
cheap ones (pages, callbacks) keep their threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from dashboard.language import _

#: Seconds every 503 of the server asks a client to wait before trying again.
RETRY_AFTER_S = 5


class Busy(RuntimeError):
    """No slot for heavy work came free in time; ``retry_after`` is a suggested wait in seconds."""

    def __init__(self, retry_after: int = RETRY_AFTER_S):
        super().__init__(_("The server is busy with other exports; try again in a few seconds."))
        self.retry_after = retry_after


class HeavyWork:
    """A per-process limit on concurrent heavy requests."""

    def __init__(self, slots: int, wait: float = 3.0):
        self.slots = slots
        self.wait = wait
        self._semaphore = threading.BoundedSemaphore(slots)

    def acquire(self) -> None:
        """Take a slot or raise ``Busy``; whoever takes one must ``release`` it."""
        if not self._semaphore.acquire(timeout=self.wait):
            raise Busy()

    def release(self) -> None:
        self._semaphore.release()

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def streamed(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """``chunks`` holding a slot (taken now) until they are all sent, or the response is closed
        (the client went away): the WSGI server calls ``close`` either way."""
        self.acquire()
        return _Slotted(iter(chunks), self.release)


class _Slotted:
    """An iterator that calls ``release`` once: when it is exhausted, fails, or is closed."""

    def __init__(self, chunks: Iterator[bytes], release):
        self._chunks = chunks
        self._release = release
        self._done = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def __del__(self):  # dropped unfinished (a client that went away): the slot must still come back
        self.close()

    def close(self) -> None:
        if self._done.acquire(blocking=False):
            close = getattr(self._chunks, "close", None)
            if close:
                close()
            self._release()
