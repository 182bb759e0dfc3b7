"""The Dash application factory."""

from __future__ import annotations

from pathlib import Path

import flask_bootstrap
from dash import Dash
from flask import send_from_directory

from dashboard import layout
from dashboard.data import load_events
from dashboard.settings import Settings

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
BOOTSTRAP_CSS_DIR = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5" / "css"
BOOTSTRAP_URL = "/vendor/bootstrap/bootstrap.min.css"


def create_app(settings: Settings | None = None) -> Dash:
    """Build the dashboard for ``settings`` (from the environment when None).

    Loads the dataset once; raises ``DatasetError`` if it is invalid, so an
    invalid dataset never reaches a user half-loaded.
    """
    settings = Settings.from_env() if settings is None else settings
    events = load_events(settings.data_paths or None)
    app = Dash(
        __name__,
        title="Conflict timeline",
        assets_folder=str(ASSETS_DIR),
        external_stylesheets=[BOOTSTRAP_URL],
        serve_locally=True,
    )
    _serve_bootstrap(app)
    app.layout = layout.page(events)
    return app


def _serve_bootstrap(app: Dash) -> None:
    """Serve Bootstrap's CSS from the installed Bootstrap-Flask wheel: no CDN."""

    @app.server.route("/vendor/bootstrap/<path:filename>")
    def bootstrap_css(filename: str):
        return send_from_directory(BOOTSTRAP_CSS_DIR, filename, max_age=31536000)
