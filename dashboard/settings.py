"""Every setting, read from the environment in this one place.

Each setting is declared once with its variable, default and help text; the
README's settings table and ``--help`` come from the same declarations. Tests
build ``Settings(...)`` directly instead of touching the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path


def _paths(value: str) -> tuple[Path, ...]:
    return tuple(Path(p) for p in value.split(os.pathsep) if p.strip())


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """The dashboard's configuration. Field metadata names the environment variable."""

    data_paths: tuple[Path, ...] = field(default=(), metadata={
        "env": "DASHBOARD_DATA", "parse": _paths,
        "help": f"Event files to serve, separated by '{os.pathsep}'. Empty: the bundled dataset."})
    host: str = field(default="127.0.0.1", metadata={
        "env": "HOST", "parse": str, "help": "Address the development server listens on."})
    port: int = field(default=8050, metadata={
        "env": "PORT", "parse": int, "help": "Port the server listens on."})
    browser_path: str = field(default="", metadata={
        "env": "BROWSER_PATH", "parse": str,
        "help": "Chromium or Chrome for PNG/SVG exports. Empty: found on the PATH."})
    debug: bool = field(default=False, metadata={
        "env": "DASHBOARD_DEBUG", "parse": _flag, "help": "Dash debug mode and dev tools (never in production)."})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from environment variables (``os.environ`` by default), then ``overrides``.

        Raises ``ValueError`` naming the variable when a value cannot be read.
        """
        environ = os.environ if environ is None else environ
        values = {}
        for item in fields(cls):
            name = item.metadata["env"]
            if environ.get(name, "").strip():
                try:
                    values[item.name] = item.metadata["parse"](environ[name])
                except ValueError as error:
                    raise ValueError(f"{name}={environ[name]!r}: {error}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def settings_table() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for documentation."""
    return [(f.metadata["env"], repr(f.default), f.metadata["help"]) for f in fields(Settings)]
