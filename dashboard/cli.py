"""Command line: ``python -m dashboard [serve|validate] ...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

import duckdb

from dashboard.data import BUNDLED_EVENTS, DatasetError, import_events
from dashboard.data.formats import FORMATS as DATA_FORMATS
from dashboard.data.problems import format_problems
from dashboard.data.store import StoreError

# The dashboard's other modules (Dash, Plotly, the query engine) load with the commands that need them:
# ``import`` starts without them, so the time it takes is the engine's work, not Python's.


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
                          help=f"event CSV files and story files (.md) or folders of them, the stories checked "
                               f"against the events given (default: the bundled {BUNDLED_EVENTS.name} and stories)")
    validate.add_argument("--format", dest="data_format", choices=sorted(DATA_FORMATS),
                          help="format of the files (default: detected from each header)")
    validate.add_argument("--strict", action="store_true", help="treat rows that cannot be imported as fatal")
    _add_export_command(commands)
    _add_import_arguments(commands.add_parser("import", help=IMPORT_HELP, description=IMPORT_DESCRIPTION))
    return parser


IMPORT_HELP = "prepare an event store from event files, to serve with --store"
IMPORT_DESCRIPTION = ("Read event files once (every row that cannot be imported is listed) and write them to one "
                      "store file that `serve --store` (or DASHBOARD_STORE) starts from without reading CSV.")


def _add_import_arguments(importing: argparse.ArgumentParser) -> None:
    importing.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="event files (CSV)")
    importing.add_argument("--into", type=Path, required=True, metavar="PATH", help="the store to write (replaced)")
    importing.add_argument("--format", dest="data_format", choices=sorted(DATA_FORMATS),
                           help="format of the files (default: detected from each header)")
    importing.add_argument("--strict", action="store_true", help="refuse files with rows that cannot be imported")
    importing.add_argument("--parquet", type=Path, metavar="FOLDER",
                           help="also write the engine's tables (events, mentions, names) as Parquet files to FOLDER, "
                                "to load into a distributed engine (DASHBOARD_ENGINE)")


def _add_export_command(commands) -> None:
    from dashboard.output.exports import FORMATS, LIMITS
    from dashboard.query.view_state import PARAMS

    export = commands.add_parser(
        "export", help="write a chart or the events of a view to a file",
        description="Write a chart or the events, filtered as the dashboard's URL would be: each option is the "
                    "URL parameter of the same name.")
    export.add_argument("chart", choices=[*sorted(FORMATS), "story"], help="what to export")
    export.add_argument("story", nargs="?", metavar="STORY",
                        help="with 'story': the story's slug (its file name in the stories folder) or its file's path")
    export.add_argument("--format", required=True, choices=sorted({f for fs in FORMATS.values() for f in fs}),
                        help="charts: png, svg or html; events: csv or json; story: html (one offline file), "
                             "png or svg (one image per chart and step, into the folder -o or a .zip)")
    for param in PARAMS:
        export.add_argument(f"--{param.key}", dest=f"view_{param.field}", metavar=param.metavar,
                            action="append" if param.multiple else "store", choices=param.choices, help=param.help)
    export.add_argument("--data", nargs="+", type=Path, metavar="FILE", help="event files instead of the bundled set")
    export.add_argument("--data-format", choices=sorted(DATA_FORMATS), help="format of the --data files")
    export.add_argument("--strict", action="store_true", help="refuse data files with rows that cannot be imported")
    for name, (low, high) in LIMITS.items():
        export.add_argument(f"--{name}", help=f"image {name} ({low:g}-{high:g})")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="file to write ('-' for stdout)")


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1, or $HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8050, or $PORT)")
    parser.add_argument("--data", nargs="+", type=Path, metavar="FILE", help="event files to serve instead of the bundled set")
    parser.add_argument("--format", dest="data_format", choices=sorted(DATA_FORMATS),
                        help="format of the --data files (default: detected from each header)")
    parser.add_argument("--strict", action="store_true", default=None,
                        help="refuse ACLED/UCDP files with rows that cannot be imported")
    parser.add_argument("--store", metavar="PATH", help="serve a prepared store (made by `import … --into`)")
    parser.add_argument("--debug", action="store_true", default=None, help="Dash debug mode with dev tools")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    if argv[0] == "import":  # the one parser it needs, none of the others' imports
        importing = Parser(prog="python -m dashboard import", description=IMPORT_DESCRIPTION)
        _add_import_arguments(importing)
        return import_command(importing.parse_args(argv[1:]))
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, fmt=args.data_format, strict=args.strict)
    if args.command == "import":
        return import_command(args)
    if args.command == "export":
        return story_command(args) if args.chart == "story" else export_command(args)
    return serve(args)


def export_command(args: argparse.Namespace) -> int:
    """Write one export; any problem (arguments, data, browser) is one clear message and exit 1."""
    from dashboard.query.dataset import load_dataset
    from dashboard.output.exports import LIMITS, ExportError, check_format, export, image_size
    from dashboard.output.images import ImageRenderer
    from dashboard.settings import Settings
    from dashboard.query.view import resolve_view
    from dashboard.query.view_state import ViewState

    try:
        check_format(args.chart, args.format)
        settings = Settings.from_env()
        size = image_size(args.chart, {n: getattr(args, n) for n in LIMITS}, max_pixels=settings.max_image_pixels) \
            if args.chart != "events" else None
    except (ExportError, ValueError) as error:
        return _fail(str(error))
    query = view_query(args)
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
        made = export(dataset, view, args.chart, args.format, renderer=ImageRenderer(settings.browser_path),
                      size=size, map_style=settings.map_style)
        written = _write(made.content, args.output)
    except (ExportError, ValueError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write {args.output}: {error.strerror}")
    if written:
        print(f"wrote {args.output} ({view.count_text})", file=sys.stderr)
    return 0


def view_query(args: argparse.Namespace) -> str:
    """The URL query the export options describe, each option being the parameter of the same name."""
    from dashboard.query.view_state import PARAMS

    pairs = []
    for param in PARAMS:
        value = getattr(args, f"view_{param.field}", None)
        values = value if isinstance(value, list) else [] if value is None else [value]
        pairs += [(param.key, v) for v in values]
    return urlencode(pairs)


def _write(content, output: Path) -> bool:
    """Write bytes or streamed chunks to ``output`` ("-": standard output); True for a file."""
    chunks = [content] if isinstance(content, bytes) else content
    try:
        if str(output) == "-":
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return False
        with output.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        return True
    finally:
        getattr(chunks, "close", lambda: None)()


def _as_error(notice: str) -> str:
    """A URL notice ("Ignored unknown actor “X”.") worded as a command-line error ("unknown actor “X”.")."""
    return notice.removeprefix("Ignored ").replace("parameter", "option")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def validate(paths: list[Path], *, fmt: str | None = None, strict: bool = False) -> int:
    """Check event files and story files (the bundled ones when none); print every problem.

    0 if all is well, else 1. Rows of ACLED or UCDP exports that cannot be
    imported are listed too (and make the exit status 1), although ``serve``
    would load the rest. Story files (``.md``, or folders of them) are checked
    against the events given, else the bundled events.
    """
    from dashboard.stories.library import BUNDLED_STORIES

    stories = [p for p in paths if p.is_dir() or p.suffix.lower() == ".md"]
    events = [p for p in paths if p not in stories]
    if not paths:
        stories = [BUNDLED_STORIES]
    status = validate_registry()
    status = max(status, validate_events(events, fmt=fmt, strict=strict) if events or not paths else 0)
    if stories:
        status = max(status, validate_stories(stories, events, fmt=fmt))
    return status


def validate_registry() -> int:
    """Check the registry of names and its memberships: 0 if all is well, else 1 (the problems printed)."""
    from dashboard.data.registry import load_registry
    from dashboard.data.registry import BUNDLED_MEMBERS, BUNDLED_REGISTRY

    try:
        load_registry(BUNDLED_REGISTRY, BUNDLED_MEMBERS)
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)))
        print("The registry of names has problems: no data can be loaded with it.", file=sys.stderr)
        return 1
    return 0


def validate_events(paths: list[Path], *, fmt: str | None = None, strict: bool = False) -> int:
    """Check event files (the bundled dataset when none): 0 if all is well, else 1."""
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


def validate_stories(paths: list[Path], events: list[Path], *, fmt: str | None = None) -> int:
    """Check story files (and the story files of folders) against the events: 0 if all is well, else 1."""
    from dashboard.query.dataset import load_dataset
    from dashboard.stories.library import load_story, story_files

    files = [f for p in paths for f in (story_files(p) if p.is_dir() else [p])]
    try:
        dataset = load_dataset(events or None, fmt=fmt)
    except DatasetError:
        print("The stories were not checked: their events cannot be loaded.", file=sys.stderr)
        return 1
    status = 0
    for path in files:
        story, problems = load_story(path, dataset)
        if problems:
            print(format_problems(problems, limit=len(problems)))
            status = 1
        else:
            print(f"OK: story “{story.title}”, {len(story.steps)} step{'' if len(story.steps) == 1 else 's'}, "
                  f"in {path}")
    if status:
        print("Some stories have problems (listed above as file:line:column).", file=sys.stderr)
    return status


def import_command(args: argparse.Namespace) -> int:
    """``import FILE… --into PATH``: the events of the files in one store; rows that cannot be imported are
    listed (and ``--strict`` refuses the files); exit 1 if nothing could be written."""
    from dashboard.data.streaming import import_into_store

    try:
        total, skipped, _ = import_into_store(args.paths, args.into, fmt=args.data_format, strict=args.strict)
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)), file=sys.stderr)
        return _fail(f"the data is invalid; {args.into} was not written.")
    except (OSError, duckdb.Error) as error:
        return _fail(f"cannot write {args.into}: {getattr(error, 'strerror', None) or error}")
    if skipped:
        print(format_problems(skipped), file=sys.stderr)
    left = f"; {len(skipped):,} rows not imported (listed above)" if skipped else ""
    print(f"wrote {args.into}: {total:,} events{left}", file=sys.stderr)
    if args.parquet:
        from dashboard.data.store import write_parquet

        try:
            for path in write_parquet(args.into, args.parquet):
                print(f"wrote {path}", file=sys.stderr)
        except (OSError, duckdb.Error) as error:
            return _fail(f"cannot write {args.parquet}: {getattr(error, 'strerror', None) or error}")
    return 0


def story_command(args: argparse.Namespace) -> int:
    """``export story <slug|file> --format html|png|svg -o …``: one clear message and exit 1 on any problem."""
    from dashboard.query.dataset import load_dataset
    from dashboard.output.exports import ExportError
    from dashboard.output.images import ImageRenderer
    from dashboard.settings import Settings
    from dashboard.stories.exporting import STORY_FORMATS, find_story, write_story
    from dashboard.stories.library import BUNDLED_STORIES
    from dashboard.output.urls import Urls

    if not args.story:
        return _fail("name the story: export story <slug or file.md> --format html -o story.html")
    if args.format not in STORY_FORMATS:
        return _fail(f"a story is exported as {', '.join(STORY_FORMATS)}, not “{args.format}”.")
    if view_query(args):
        return _fail("a story's views are written in its file: the view options do not apply to 'export story'.")
    settings = Settings.from_env()
    try:
        dataset = load_dataset(args.data, fmt=args.data_format, strict=args.strict)
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        return _fail("the data is invalid; nothing was exported.")
    folder = Path(settings.stories_dir) if settings.stories_dir else BUNDLED_STORIES
    story, problems = find_story(args.story, folder, dataset)
    if story is None:
        if len(problems) == 1:
            return _fail(problems[0])
        print("\n".join(problems), file=sys.stderr)
        return _fail("the story has problems (listed above).")
    try:
        written = write_story(story, dataset, args.format, args.output, renderer=ImageRenderer(settings.browser_path),
                              map_style=settings.map_style, urls=Urls(settings.path_prefix, settings.public_url))
    except ExportError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write {args.output}: {error.strerror}")
    print(f"wrote {len(written)} file{'' if len(written) == 1 else 's'}: "
          + (str(written[0]) if len(written) == 1 else f"{written[0]} … {written[-1].name}"), file=sys.stderr)
    return 0


def serve(args: argparse.Namespace) -> int:
    """Load the data (refusing an invalid dataset) and run the development server."""
    from werkzeug.serving import run_simple

    from dashboard.web.app import create_app
    from dashboard.web.loading import WhileImporting, pending_import, start_import
    from dashboard.settings import Settings

    try:
        settings = Settings.from_env(host=args.host, port=args.port, debug=args.debug,
                                     data_paths=tuple(args.data) if args.data else None,
                                     data_format=args.data_format, strict=args.strict, store=args.store)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    pending = pending_import(settings)
    if pending is not None:  # answer at once, with how far the import has gone, until the dashboard is built
        start_import(pending)
        print(f"Importing {pending.label}; the dashboard opens at http://{settings.host}:{settings.port}/ when it is "
              "done.", file=sys.stderr)
        run_simple(settings.host, settings.port, WhileImporting(pending, lambda: create_app(settings).server),
                   threaded=True)
        return 0
    try:
        app = create_app(settings)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        print("The dashboard was not started.", file=sys.stderr)
        return 1
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        print("The dashboard was not started: the dataset is invalid.", file=sys.stderr)
        return 1
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0
