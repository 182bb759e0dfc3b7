"""A request's time budget: one deadline for every query and all the Python work of one request.

The engine's own timeout bounds one query; a request that asks many (a story page, a comparison, a page
of a search with many words) could still run for minutes. The server opens a budget when a request
arrives (``within``) and closes it once the answer's head is ready — a streamed download's body is bounded
by its reader's progress instead. Every query then runs at most what is left of it, and long Python loops
ask ``check()``; past the deadline the work stops with ``QueryTimeout``, which the routes answer with 503
and ``Retry-After`` and the page with its "took too long" notice. Outside a request (the CLI, the tests
of the pure layers) there is no budget.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar, Token

from dashboard.query.answers import QueryTimeout

_DEADLINE: ContextVar[float | None] = ContextVar("request_deadline", default=None)


def start(seconds: float) -> Token:
    """Open a budget of ``seconds`` for the work of this thread's request; ``end`` closes it."""
    return _DEADLINE.set(time.monotonic() + seconds if seconds > 0 else None)


def end(token: Token) -> None:
    _DEADLINE.reset(token)


@contextmanager
def within(seconds: float):
    """The work inside may take ``seconds`` in all."""
    token = start(seconds)
    try:
        yield
    finally:
        end(token)


def remaining() -> float | None:
    """Seconds left of the current budget, None when there is none."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def limit(timeout: float) -> float | None:
    """What a query may take: its own ``timeout`` (0: none) or what is left of the budget, whichever is less."""
    left = remaining()
    candidates = [t for t in (timeout if timeout > 0 else None, left) if t is not None]
    return min(candidates) if candidates else None


def check() -> None:
    """Raise ``QueryTimeout`` when the budget is spent (for loops of Python work between queries)."""
    left = remaining()
    if left is not None and left <= 0:
        raise QueryTimeout("the request ran past its time budget")
