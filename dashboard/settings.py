"""Every setting, read from the environment in this one place.

Each setting is declared once with its variable, default and help text, and a
test holds the README's settings table to these declarations. Tests build
``Settings(...)`` directly instead of touching the environment. Help texts are
marked for the catalogue (``N_``) and said in the reader's language where they
are shown (``settings_table``), as is what is wrong with a value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from dashboard.language import N_, _


def _paths(value: str) -> tuple[Path, ...]:
    return tuple(Path(p) for p in value.split(os.pathsep) if p.strip())


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _prefix(value: str) -> str:
    """A URL path prefix, normalised to start and end with "/" ("conflict" → "/conflict/")."""
    parts = [p for p in value.strip().split("/") if p]
    if any(not all(c.isalnum() or c in "-_.~" for c in p) for p in parts):
        raise ValueError(_("a path prefix may hold only letters, digits and - _ . ~"))
    return "/" + "".join(f"{p}/" for p in parts)


def _public_url(value: str) -> str:
    """The public address of the dashboard: an http(s) URL, without a trailing slash."""
    text = value.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", text):
        raise ValueError(_("expected the dashboard's public address, e.g. {example}").format(
            example="https://example.org/conflict"))
    return text


def _choice(*choices: str):
    def parse(value: str) -> str:
        value = value.strip().lower()
        if value not in choices:
            raise ValueError(_("expected one of {choices}").format(choices=", ".join(choices)))
        return value

    return parse


def _import_format(value: str) -> str:
    """The name of an import format. The registry (``dashboard.data.formats``) is imported only when the setting
    is given: it brings pandas, which reading the settings — gunicorn's configuration, too — does not need."""
    from dashboard.data.formats import format_names

    return _choice(*format_names())(value)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(_("must be a positive whole number"))
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0 or number == float("inf"):
        raise ValueError(_("must be a positive number of seconds"))
    return number


def _memory(value: str) -> str:
    """A memory size DuckDB reads: digits and a unit (KB, MB, GB, TB)."""
    text = value.strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d+(\.\d+)?(KB|MB|GB|TB|KIB|MIB|GIB|TIB)", text):
        raise ValueError(_("expected a size such as 300MB or 2GB"))
    return text


@dataclass(frozen=True)
class Settings:
    """The dashboard's configuration. Field metadata names the environment variable."""

    data_paths: tuple[Path, ...] = field(default=(), metadata={
        "env": "DASHBOARD_DATA", "parse": _paths,
        "help": N_("Event files to serve, separated by '{separator}'. Empty: the bundled dataset.")})
    data_format: str = field(default="", metadata={
        "env": "DASHBOARD_FORMAT", "parse": _import_format,
        "help": N_("Format of the data files: the name of an import format (`python -m dashboard import --help` lists "
                   "them). Empty: detected from each file's header.")})
    strict: bool = field(default=False, metadata={
        "env": "DASHBOARD_STRICT", "parse": _flag,
        "help": N_("Refuse an ACLED or UCDP file if any row cannot be imported (default: load the rest, log them).")})
    store: str = field(default="", metadata={
        "env": "DASHBOARD_STORE", "parse": str,
        "help": N_("A prepared event store (python -m dashboard import FILE… --into PATH) to serve instead of "
                   "DASHBOARD_DATA; read-only, no CSV read at start.")})
    engine: str = field(default="", metadata={
        "env": "DASHBOARD_ENGINE", "parse": str,
        "help": N_("Query engine holding the events table made by import: a Spark Connect URL (sc://host:15002) "
                   "or any ibis connection URL (clickhouse://…, trino://…, postgres://…). Empty: DuckDB, embedded.")})
    engine_memory: str = field(default="", metadata={
        "env": "DASHBOARD_ENGINE_MEMORY", "parse": _memory,
        "help": N_("Memory limit of the embedded DuckDB in each worker, e.g. 300MB or 2GB. Empty: DuckDB's own "
                   "(80% of RAM).")})
    engine_threads: int = field(default=2, metadata={
        "env": "DASHBOARD_ENGINE_THREADS", "parse": _positive_int,
        "help": N_("Threads the embedded DuckDB uses for one query, in each worker.")})
    query_timeout: float = field(default=10.0, metadata={
        "env": "DASHBOARD_QUERY_TIMEOUT", "parse": _positive_float,
        "help": N_("Seconds a query may run before it is cancelled and the page says so.")})
    request_timeout: float = field(default=10.0, metadata={
        "env": "DASHBOARD_REQUEST_TIMEOUT", "parse": _positive_float,
        "help": N_("Seconds all the queries and work of one request may take together (a streamed download's "
                   "body apart) before it stops with a 503 or the page's notice.")})
    video_timeout: float = field(default=30.0, metadata={
        "env": "DASHBOARD_VIDEO_TIMEOUT", "parse": _positive_float,
        "help": N_("Seconds a video of playback (/export/playback.mp4 or .gif) may take in all, in place of "
                   "DASHBOARD_REQUEST_TIMEOUT: its frames are each a view drawn. Longer ones stop with a 503 asking "
                   "for fewer frames.")})
    editor_token: str = field(default="", metadata={
        "env": "DASHBOARD_EDITOR_TOKEN", "parse": str,
        "help": N_("Turns on the workbench's editor mode: /curate may append accepted events to the data file served "
                   "(the bundled one, or the first of the project's CSV files in DASHBOARD_DATA), with a backup beside "
                   "it, for whoever gives this token. Empty (the default): the workbench only downloads.")})
    stories_dir: str = field(default="", metadata={
        "env": "DASHBOARD_STORIES", "parse": str,
        "help": N_("Folder of story files (*.md) to offer at /stories. Empty: the bundled data/stories.")})
    import_cache: str = field(default=str(Path.home() / ".cache" / "conflict-timeline"), metadata={
        "env": "DASHBOARD_IMPORT_CACHE", "parse": str, "empty": "",
        "help": N_("Folder where the files served are imported once into a store, reused on later starts until a "
                   "file changes. Empty: none (files are read at each start).")})
    host: str = field(default="127.0.0.1", metadata={
        "env": "HOST", "parse": str, "help": N_("Address the development server listens on.")})
    port: int = field(default=8050, metadata={
        "env": "PORT", "parse": int, "help": N_("Port the server listens on.")})
    path_prefix: str = field(default="/", metadata={
        "env": "DASHBOARD_PATH_PREFIX", "parse": _prefix,
        "help": N_("URL path the app is served under, e.g. /conflict/ behind a proxy.")})
    public_url: str = field(default="", metadata={
        "env": "DASHBOARD_PUBLIC_URL", "parse": _public_url,
        "help": N_("The dashboard's public address (e.g. https://example.org/conflict): the base of every absolute "
                   "link it writes — embed snippets, share links, offline story files. Empty: the address a "
                   "browser used.")})
    map_style: str = field(default="light", metadata={
        "env": "DASHBOARD_MAP_STYLE", "parse": _choice("light", "contrast"),
        "help": N_("Map look: light (shaded land) or contrast (white land, dark borders, for projectors and print).")})
    cache: str = field(default="auto", metadata={
        "env": "DASHBOARD_CACHE", "parse": _choice("auto", "memory", "redis", "none"),
        "help": N_("Figure cache: auto (Redis when REDIS_URL is set, else in-process memory), memory, redis or none.")})
    redis_url: str = field(default="", metadata={
        "env": "REDIS_URL", "parse": str, "help": N_("Redis for a cache shared by every worker and host.")})
    cache_timeout: int = field(default=3600, metadata={
        "env": "DASHBOARD_CACHE_TIMEOUT", "parse": _positive_int, "help": N_("Seconds a cached figure is kept.")})
    cache_bytes: int = field(default=64_000_000, metadata={
        "env": "DASHBOARD_CACHE_BYTES", "parse": _positive_int,
        "help": N_("Most bytes the in-process cache holds in each worker; least recently used entries go first.")})
    heavy_requests: int = field(default=2, metadata={
        "env": "DASHBOARD_HEAVY_REQUESTS", "parse": _positive_int,
        "help": N_("Image renders and full downloads one worker runs at once; more get 503 with Retry-After.")})
    max_image_pixels: int = field(default=25_000_000, metadata={
        "env": "DASHBOARD_MAX_IMAGE_PIXELS", "parse": _positive_int,
        "help": N_("Largest image export, in output pixels (width × height × scale²); larger requests get 400.")})
    max_request_bytes: int = field(default=1_000_000, metadata={
        "env": "DASHBOARD_MAX_REQUEST_BYTES", "parse": _positive_int,
        "help": N_("Largest request body accepted; larger ones get 413.")})
    trusted_proxies: int = field(default=0, metadata={
        "env": "DASHBOARD_TRUSTED_PROXIES", "parse": int,
        "help": N_("Reverse proxies in front of the app whose X-Forwarded-Proto/-For/-Host headers are believed "
                   "(0: none). Behind one TLS-terminating proxy, 1: HTTPS requests then get HSTS.")})
    workers: int = field(default=0, metadata={
        "env": "WEB_CONCURRENCY", "parse": _positive_int,
        "help": N_("gunicorn worker processes. Unset: one per CPU, at least 2.")})
    browser_path: str = field(default="", metadata={
        "env": "BROWSER_PATH", "parse": str,
        "help": N_("Chromium or Chrome for PNG/SVG exports. Empty: found on the PATH.")})
    debug: bool = field(default=False, metadata={
        "env": "DASHBOARD_DEBUG", "parse": _flag, "help": N_("Dash debug mode and dev tools (never in production).")})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from environment variables (``os.environ`` by default), then ``overrides``.

        Raises ``ValueError`` naming the variable when a value cannot be read.
        """
        environ = os.environ if environ is None else environ
        values = {}
        for item in fields(cls):
            name = item.metadata["env"]
            if name in environ and not environ[name].strip() and "empty" in item.metadata:
                values[item.name] = item.metadata["empty"]  # set empty on purpose: the setting's "none"
            elif environ.get(name, "").strip():
                try:
                    values[item.name] = item.metadata["parse"](environ[name])
                except ValueError as error:
                    raise ValueError(f"{name}={environ[name]!r}: {error}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def worker_count(settings: Settings) -> int:
    """gunicorn workers: the setting, or one per CPU (at least 2)."""
    return settings.workers or max(2, os.cpu_count() or 1)


#: What a help text may name: ``{separator}``, this system's separator of paths.
HELP_VALUES = {"separator": os.pathsep}


def settings_table() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for documentation; the help in the reader's language."""
    return [(f.metadata["env"], repr(f.default), _(f.metadata["help"]).format(**HELP_VALUES))
            for f in fields(Settings)]
