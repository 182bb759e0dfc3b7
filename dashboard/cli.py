"""Command line: ``python -m dashboard [serve|validate] ...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.data import BUNDLED_EVENTS, DatasetError, import_events
from dashboard.data.formats import FORMATS as DATA_FORMATS
from dashboard.data.problems import format_problems
from dashboard.exports import FORMATS
from dashboard.settings import Settings


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument exits 1 (not 2) with the message and the usage line."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m dashboard", description="Conflict timeline dashboard.")
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the dashboard (the default command)")
    _add_serve_options(serve)
    validate = commands.add_parser("validate", help="check event files; exit 1 listing every problem")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help=f"event CSV files (default: the bundled {BUNDLED_EVENTS.name})")
    validate.add_argument("--format", dest="data_format", choices=sorted(DATA_FORMATS),
                          help="format of the files (default: detected from each header)")
    validate.add_argument("--strict", action="store_true", help="treat rows that cannot be imported as fatal")
    _add_export_command(commands)
    return parser


def _add_export_command(commands) -> None:
    export = commands.add_parser(
        "export", help="write a chart or the events of a view to a file",
        description="Write the timeline, the map or the events, filtered as the dashboard's URL would be.")
    export.add_argument("chart", choices=sorted(FORMATS), help="what to export")
    export.add_argument("--format", required=True, choices=["png", "svg", "html", "csv", "json"],
                        help="charts: png, svg or html; events: csv or json")
    export.add_argument("--actor", action="append", default=[], help="keep events involving this actor (repeatable)")
    export.add_argument("--type", action="append", default=[], help="keep events of this type (repeatable)")
    export.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="keep events overlapping from this day")
    export.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="keep events overlapping until this day")
    export.add_argument("--q", help="keep events matching this text (aliases included)")
    export.add_argument("--event", help="select (highlight) this event id")
    export.add_argument("--group", choices=["type", "actor"], help="timeline lanes")
    export.add_argument("--data", nargs="+", type=Path, metavar="FILE", help="event files instead of the bundled set")
    export.add_argument("--data-format", choices=sorted(DATA_FORMATS), help="format of the --data files")
    export.add_argument("--strict", action="store_true", help="refuse data files with rows that cannot be imported")
    export.add_argument("--width", help="image width in pixels (300-4000)")
    export.add_argument("--height", help="image height in pixels (200-4000)")
    export.add_argument("--scale", help="image scale factor (0.5-4)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="file to write ('-' for stdout)")


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1, or $HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8050, or $PORT)")
    parser.add_argument("--data", nargs="+", type=Path, metavar="FILE", help="event files to serve instead of the bundled set")
    parser.add_argument("--format", dest="data_format", choices=sorted(DATA_FORMATS),
                        help="format of the --data files (default: detected from each header)")
    parser.add_argument("--strict", action="store_true", default=None,
                        help="refuse ACLED/UCDP files with rows that cannot be imported")
    parser.add_argument("--debug", action="store_true", default=None, help="Dash debug mode with dev tools")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, fmt=args.data_format, strict=args.strict)
    if args.command == "export":
        return export_command(args)
    return serve(args)


def export_command(args: argparse.Namespace) -> int:
    """Write one export; any problem (arguments, data, browser) is one clear message and exit 1."""
    from dashboard.dataset import load_dataset
    from dashboard.exports import ExportError, check_format, export
    from dashboard.images import ImageRenderer
    from dashboard.view import resolve_view
    from dashboard.view_state import ViewState

    try:
        check_format(args.chart, args.format)
    except ExportError as error:
        return _fail(str(error))
    state = ViewState(actors=tuple(args.actor), types=tuple(args.type), q=args.q or "", event=args.event,
                      group=args.group or "type")
    query = "&".join(filter(None, [state.to_query(), _dates_query(args)]))
    parsed, notices = ViewState.from_query(query)
    if notices:
        return _fail(" ".join(_as_error(n) for n in notices))
    try:
        dataset = load_dataset(args.data, fmt=args.data_format, strict=args.strict)
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        return _fail("the data is invalid; nothing was exported.")
    view = resolve_view(dataset, parsed.to_query())
    if view.notices:
        known = {"actor": ", ".join(dataset.actors[:15]), "type": ", ".join(dataset.event_types)}
        return _fail(" ".join(_as_error(n) for n in view.notices)
                     + f" Known types: {known['type']}. Actors include: {known['actor']}.")
    try:
        made = export(dataset, view, args.chart, args.format, renderer=ImageRenderer(Settings.from_env().browser_path),
                      size={"width": args.width, "height": args.height, "scale": args.scale})
    except (ExportError, ValueError) as error:
        return _fail(str(error))
    if str(args.output) == "-":
        sys.stdout.buffer.write(made.content)
    else:
        try:
            args.output.write_bytes(made.content)
        except OSError as error:
            return _fail(f"cannot write {args.output}: {error.strerror}")
        print(f"wrote {args.output} ({view.count_text})", file=sys.stderr)
    return 0


def _dates_query(args: argparse.Namespace) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in (("from", args.date_from), ("to", args.date_to)) if v is not None])


def _as_error(notice: str) -> str:
    """A URL notice ("Ignored unknown actor “X”.") worded as a command-line error ("unknown actor “X”.")."""
    return notice.removeprefix("Ignored ").replace("parameter", "option")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def validate(paths: list[Path], *, fmt: str | None = None, strict: bool = False) -> int:
    """Check files (the bundled dataset when none); print every problem. 0 if all is well, else 1.

    Rows of ACLED or UCDP exports that cannot be imported are listed too (and
    make the exit status 1), although ``serve`` would load the rest.
    """
    try:
        imported = import_events(paths or None, fmt=fmt, strict=strict)
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)))
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded.", file=sys.stderr)
        return 1
    shown = ", ".join(str(p) for p in (paths or [BUNDLED_EVENTS]))
    if imported.skipped:
        print(format_problems(imported.skipped, limit=len(imported.skipped)))
        count = len(imported.skipped)
        print(f"{len(imported.events)} events can be loaded from {shown}; {count} row{'s' if count != 1 else ''} "
              "cannot (listed above; --strict refuses such files).", file=sys.stderr)
        return 1
    print(f"OK: {len(imported.events)} event{'' if len(imported.events) == 1 else 's'} in {shown}")
    return 0


def serve(args: argparse.Namespace) -> int:
    """Load the data (refusing an invalid dataset) and run the development server."""
    from dashboard.app import create_app

    try:
        settings = Settings.from_env(host=args.host, port=args.port, debug=args.debug,
                                     data_paths=tuple(args.data) if args.data else None,
                                     data_format=args.data_format, strict=args.strict)
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
