"""Command line: ``python -m dashboard [serve|validate] ...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.data import BUNDLED_EVENTS, DatasetError, load_events
from dashboard.data.problems import format_problems
from dashboard.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Conflict timeline dashboard.")
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the dashboard (the default command)")
    _add_serve_options(serve)
    validate = commands.add_parser("validate", help="check event files; exit 1 listing every problem")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help=f"event CSV files (default: the bundled {BUNDLED_EVENTS.name})")
    return parser


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1, or $HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8050, or $PORT)")
    parser.add_argument("--data", nargs="+", type=Path, metavar="FILE", help="event files to serve instead of the bundled set")
    parser.add_argument("--debug", action="store_true", default=None, help="Dash debug mode with dev tools")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths)
    return serve(args)


def validate(paths: list[Path]) -> int:
    """Check files (the bundled dataset when none); print every problem. 0 if valid, else 1."""
    try:
        events = load_events(paths or None)
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)))
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded.", file=sys.stderr)
        return 1
    shown = ", ".join(str(p) for p in (paths or [BUNDLED_EVENTS]))
    print(f"OK: {len(events)} events in {shown}")
    return 0


def serve(args: argparse.Namespace) -> int:
    """Load the data (refusing an invalid dataset) and run the development server."""
    from dashboard.app import create_app

    try:
        settings = Settings.from_env(host=args.host, port=args.port, debug=args.debug,
                                     data_paths=tuple(args.data) if args.data else None)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        app = create_app(settings)
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        print("The dashboard was not started: the dataset is invalid.", file=sys.stderr)
        return 1
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0
