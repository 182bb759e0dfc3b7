"""Conflict timeline dashboard: explore a conflict's events in time and space.

From Python, in one import (``dashboard.api``)::

    import dashboard
    talks = dashboard.open().view(type="talks", start="2023-04-01", end="2023-06-30")
    talks.timeline()            # a plotly Figure, framed for paper
    talks.export("talks.pdf")   # .png .svg .pdf .html .csv .json

Importing the package loads nothing else: the command line's ``import`` stays quick.
"""

__version__ = "0.1.0"
#: What ``dashboard.api`` gives at the package's top (loaded when first asked for).
API = ("open", "serve", "Data", "View")


def __getattr__(name: str):
    if name in API:
        from dashboard import api

        return getattr(api, name)
    raise AttributeError(f"module 'dashboard' has no attribute {name!r}")
