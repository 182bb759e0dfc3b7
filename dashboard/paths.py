"""Where the project's files are, found once: in a checkout of the repository, or inside an installed package.

In the repository the bundled data (``data/``) and the page's assets (``assets/``) sit beside the package; a wheel
(``pip install .``) carries copies of both in ``dashboard/bundled/`` (see ``setup.py``), so the dashboard, the
command line and ``import dashboard`` work the same from an installed package, outside any checkout.
"""

from __future__ import annotations

from pathlib import Path

#: The ``dashboard`` package's folder.
PACKAGE = Path(__file__).resolve().parent
#: The installed copies of ``data/`` and ``assets/`` (absent in a checkout).
BUNDLED = PACKAGE / "bundled"


def _root() -> Path:
    """The folder holding ``data/`` and ``assets/``: the package's own copy when installed, else the checkout."""
    return BUNDLED if (BUNDLED / "data" / "events.csv").is_file() else PACKAGE.parent


ROOT = _root()
#: The bundled events, actors, stories, translations and map outlines.
DATA_DIR = ROOT / "data"
#: The page's own CSS and JavaScript (Dash's assets folder).
ASSETS_DIR = ROOT / "assets"
#: plotly.js's partial bundle, the embeds' and stories' scripts.
STATIC = PACKAGE / "static"
#: The Jinja pages (embeds, stories, trends, compare).
TEMPLATES = PACKAGE / "templates"

__all__ = ["ASSETS_DIR", "DATA_DIR", "PACKAGE", "ROOT", "STATIC", "TEMPLATES"]
