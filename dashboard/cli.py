"""Command line: ``python -m dashboard [serve|validate|import|export|curate] ...`` (``serve`` when none is named)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

import duckdb

from dashboard.data import BUNDLED_EVENTS, DatasetError, import_events
from dashboard.data.formats import format_names
from dashboard.data.problems import format_problems
from dashboard.data.store import StoreError
from dashboard.language import SOURCE_LANGUAGE, N_, _, formats, ngettext, using

# Dash, Plotly and the query engine load with the commands that need them: ``import`` starts without them.


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument exits 1 (not 2) with the message and the usage line."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, _("error: {message}").format(message=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m dashboard", description=_("Conflict timeline dashboard."))
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help=_("serve the dashboard (the default command)"))
    _add_serve_options(serve)
    validate = commands.add_parser("validate", help=_("check event files; exit 1 listing every problem"))
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=_(
        "event CSV files and story files (.md) or folders of them, the stories checked against the events given "
        "(default: the bundled {file} and stories)").format(file=BUNDLED_EVENTS.name))
    validate.add_argument("--format", dest="data_format", choices=sorted(format_names()),
                          help=_("format of the files (default: detected from each header)"))
    validate.add_argument("--strict", action="store_true", help=_("treat rows that cannot be imported as fatal"))
    _add_export_command(commands)
    _add_import_arguments(commands.add_parser("import", help=_(IMPORT_HELP), description=_(IMPORT_DESCRIPTION)))
    from dashboard.curation import command as curation

    curation.add_arguments(commands.add_parser("curate", help=_(curation.HELP), description=_(curation.HELP)))
    return parser


IMPORT_HELP = N_("prepare an event store from event files, to serve with --store")
IMPORT_DESCRIPTION = N_("Read event files once (every row that cannot be imported is listed) and write them to one "
                        "store file that `serve --store` (or DASHBOARD_STORE) starts from without reading CSV.")
SIZE_HELP = {"width": N_("image width ({low}-{high})"), "height": N_("image height ({low}-{high})"),
             "scale": N_("image scale ({low}-{high})"),  # each range as the option takes it: ungrouped
             "frames": N_("playback: the video's frames ({low}-{high})"),
             "fps": N_("playback: frames per second ({low}-{high})")}


def _add_import_arguments(importing: argparse.ArgumentParser) -> None:
    importing.add_argument("paths", nargs="+", type=Path, metavar="FILE", help=_("event files (CSV)"))
    importing.add_argument("--into", type=Path, required=True, metavar="PATH", help=_("the store to write (replaced)"))
    importing.add_argument("--format", dest="data_format", choices=sorted(format_names()),
                           help=_("format of the files (default: detected from each header)"))
    importing.add_argument("--strict", action="store_true", help=_("refuse files with rows that cannot be imported"))
    importing.add_argument("--parquet", type=Path, metavar="FOLDER", help=_(
        "also write the engine's tables (events, mentions, names) as Parquet files to FOLDER, to load into a "
        "distributed engine (DASHBOARD_ENGINE)"))


def _add_export_command(commands) -> None:
    from dashboard.output.exports import LIMITS, VIDEO_LIMITS, export_formats
    from dashboard.query import params

    export = commands.add_parser(
        "export", help=_("write a chart or the events of a view to a file"),
        description=_("Write a chart or the events, filtered as the dashboard's URL would be: each option is the "
                      "URL parameter of the same name."))
    kinds = export_formats()
    export.add_argument("chart", choices=[*sorted(kinds), "story"], help=_("what to export"))
    export.add_argument("story", nargs="?", metavar="STORY", help=_(
        "with 'story': the story's slug (its file name in the stories folder) or its file's path"))
    export.add_argument("--format", required=True, choices=sorted({f for fs in kinds.values() for f in fs}), help=_(
        "charts: png, svg, pdf (vector) or html; events: csv or json; report: pdf (one page: the charts and the events "
        "with their sources); playback: mp4 or gif (the view's time played frame by frame); "
        "story: html (one offline file), png or svg (one image per chart and step, into the folder -o or a .zip)"))
    for param in params.PARAMS:
        spelled = dict.fromkeys((f"--{param.key}", f"--{param.key.replace('_', '-')}"))  # --as_of and --as-of
        export.add_argument(*spelled, dest=f"view_{param.key}", metavar=param.metavar,
                            action="append" if param.multiple else "store", choices=param.choices, help=_(param.help))
    export.add_argument("--data", nargs="+", type=Path, metavar="FILE",
                        help=_("event files instead of the bundled set"))
    export.add_argument("--data-format", choices=sorted(format_names()), help=_("format of the --data files"))
    export.add_argument("--strict", action="store_true", help=_("refuse data files with rows that cannot be imported"))
    for name, (low, high) in {**LIMITS, **VIDEO_LIMITS}.items():
        export.add_argument(f"--{name}", help=_(SIZE_HELP[name]).format(low=f"{low:g}", high=f"{high:g}"))
    export.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help=_("report: the sheet it is printed on (default a4)"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help=_("file to write ('-' for stdout)"))


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help=_("address to listen on (default 127.0.0.1, or $HOST)"))
    parser.add_argument("--port", type=int, help=_("port to listen on (default 8050, or $PORT)"))
    parser.add_argument("--data", nargs="+", type=Path, metavar="FILE",
                        help=_("event files to serve instead of the bundled set"))
    parser.add_argument("--format", dest="data_format", choices=sorted(format_names()),
                        help=_("format of the --data files (default: detected from each header)"))
    parser.add_argument("--strict", action="store_true", default=None,
                        help=_("refuse ACLED/UCDP files with rows that cannot be imported"))
    parser.add_argument("--store", metavar="PATH", help=_("serve a prepared store (made by `import … --into`)"))
    parser.add_argument("--debug", action="store_true", default=None, help=_("Dash debug mode with dev tools"))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    if argv[0] == "import":  # the one parser it needs, none of the others' imports
        importing = Parser(prog="python -m dashboard import", description=_(IMPORT_DESCRIPTION))
        _add_import_arguments(importing)
        return import_command(importing.parse_args(argv[1:]))
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, fmt=args.data_format, strict=args.strict)
    if args.command == "import":
        return import_command(args)
    if args.command == "curate":
        from dashboard.curation.command import curate_command

        return curate_command(args)
    if args.command == "export":  # written in the view's language (--lang), as the page would be
        with using(getattr(args, "view_lang", None) or SOURCE_LANGUAGE):
            return story_command(args) if args.chart == "story" else export_command(args)
    return serve(args)


def export_command(args: argparse.Namespace) -> int:
    """Write one export; any problem (arguments, data, browser) is one clear message and exit 1."""
    from dashboard.query.dataset import load_dataset
    from dashboard.output.exports import (LIMITS, VIDEO_LIMITS, ExportError, check_format, export, image_size,
                                          report_paper, video_options, write_to)
    from dashboard.output.images import ImageRenderer
    from dashboard.settings import Settings
    from dashboard.query.view import resolve_view
    from dashboard.query.view_state import ViewState

    try:
        check_format(args.chart, args.format)
        settings = Settings.from_env()
        size = image_size(args.chart, {n: getattr(args, n) for n in LIMITS}, max_pixels=settings.max_image_pixels) \
            if args.chart != "events" else None
        video = video_options({n: getattr(args, n) for n in VIDEO_LIMITS}) if args.chart == "playback" else None
        paper = report_paper({"paper": args.paper})
    except (ExportError, ValueError) as error:
        return _fail(str(error))
    parsed, notices = ViewState.from_query(view_query(args))
    if notices:
        return _fail(" ".join(_as_error(n) for n in notices))
    try:
        dataset = load_dataset(args.data, fmt=args.data_format, strict=args.strict)
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        return _fail(_("the data is invalid; nothing was exported."))
    view = resolve_view(dataset, parsed.to_query())
    if view.notices:
        known = _("Known types: {types}. Actors include: {actors}.").format(
            types=", ".join(dataset.event_types), actors=", ".join(dataset.actors[:15]))
        return _fail(" ".join([*(_as_error(n) for n in view.notices), known]))
    try:
        made = export(dataset, view, args.chart, args.format, renderer=ImageRenderer(settings.browser_path),
                      size=size, map_style=settings.map_style, video=video, paper=paper)
        written = write_to(made.content, args.output)
    except (ExportError, ValueError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(_("cannot write {path}: {reason}").format(path=args.output, reason=error.strerror))
    if written:
        print(_("wrote {path} ({count})").format(path=args.output, count=view.count_text), file=sys.stderr)
    return 0


def view_query(args: argparse.Namespace) -> str:
    """The URL query the export options describe, each option being the parameter of the same name."""
    from dashboard.query import params

    pairs = []
    for param in params.PARAMS:
        value = getattr(args, f"view_{param.key}", None)
        values = value if isinstance(value, list) else [] if value is None else [value]
        pairs += [(param.key, v) for v in values]
    return urlencode(pairs)


def _as_error(notice: str) -> str:
    """A URL notice ("Ignored unknown actor “X”.") worded as a command-line error ("unknown actor “X”.")."""
    return notice.removeprefix("Ignored ").replace("parameter", "option")


def _fail(message: str) -> int:
    print(_("error: {message}").format(message=message), file=sys.stderr)
    return 1


def _events(count: int) -> str:  # "1 event", "1,239 events"
    return ngettext("{n} event", "{n} events", count).format(n=formats.number(count))


def _rows(count: int) -> str:
    return ngettext("{n} row", "{n} rows", count).format(n=formats.number(count))


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
    from dashboard.data.registry import BUNDLED_MEMBERS, BUNDLED_REGISTRY, load_registry

    try:
        load_registry(BUNDLED_REGISTRY, BUNDLED_MEMBERS)
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)))
        print(_("The registry of names has problems: no data can be loaded with it."), file=sys.stderr)
        return 1
    return 0


def validate_events(paths: list[Path], *, fmt: str | None = None, strict: bool = False) -> int:
    """Check event files (the bundled dataset when none): 0 if all is well, else 1."""
    try:
        imported = import_events(paths or None, fmt=fmt, strict=strict)
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)))
        count = len(error.problems)
        print(ngettext("{n} problem found; nothing was loaded.", "{n} problems found; nothing was loaded.", count)
              .format(n=formats.number(count)), file=sys.stderr)
        return 1
    shown = ", ".join(str(p) for p in (paths or [BUNDLED_EVENTS]))
    if imported.skipped:
        print(format_problems(imported.skipped, limit=len(imported.skipped)))
        print(_("{events} can be loaded from {files}; {rows} cannot (listed above; --strict refuses such files).")
              .format(events=_events(len(imported.events)), files=shown, rows=_rows(len(imported.skipped))),
              file=sys.stderr)
        return 1
    print(_("OK: {events} in {files}").format(events=_events(len(imported.events)), files=shown))
    return 0


def validate_stories(paths: list[Path], events: list[Path], *, fmt: str | None = None) -> int:
    """Check story files (and the story files of folders) against the events: 0 if all is well, else 1."""
    from dashboard.query.dataset import load_dataset
    from dashboard.stories.library import load_story, story_files

    files = [f for p in paths for f in (story_files(p) if p.is_dir() else [p])]
    try:
        dataset = load_dataset(events or None, fmt=fmt)
    except DatasetError:
        print(_("The stories were not checked: their events cannot be loaded."), file=sys.stderr)
        return 1
    status = 0
    for path in files:
        story, problems = load_story(path, dataset)
        if problems:
            print(format_problems(problems, limit=len(problems)))
            status = 1
        else:
            steps = len(story.steps)
            print(ngettext("OK: story “{title}”, {n} step, in {path}", "OK: story “{title}”, {n} steps, in {path}",
                           steps).format(title=story.title, n=formats.number(steps), path=path))
    if status:
        print(_("Some stories have problems (listed above as file:line:column)."), file=sys.stderr)
    return status


def import_command(args: argparse.Namespace) -> int:
    """``import FILE… --into PATH``: the events of the files in one store; rows that cannot be imported are
    listed (and ``--strict`` refuses the files); exit 1 if nothing could be written."""
    from dashboard.data.streaming import import_into_store

    try:
        total, skipped = import_into_store(args.paths, args.into, fmt=args.data_format, strict=args.strict)[:2]
    except DatasetError as error:
        print(format_problems(error.problems, limit=len(error.problems)), file=sys.stderr)
        return _fail(_("the data is invalid; {path} was not written.").format(path=args.into))
    except (OSError, duckdb.Error) as error:
        return _fail(_("cannot write {path}: {reason}").format(path=args.into,
                                                               reason=getattr(error, "strerror", None) or error))
    if skipped:
        print(format_problems(skipped), file=sys.stderr)
    wrote = _("wrote {path}: {events}; {rows} not imported (listed above)") if skipped else _("wrote {path}: {events}")
    print(wrote.format(path=args.into, events=_events(total), rows=_rows(len(skipped))), file=sys.stderr)
    if args.parquet:
        from dashboard.data.store import write_parquet

        try:
            for path in write_parquet(args.into, args.parquet):
                print(_("wrote {path}").format(path=path), file=sys.stderr)
        except (OSError, duckdb.Error) as error:
            return _fail(_("cannot write {path}: {reason}").format(path=args.parquet,
                                                                   reason=getattr(error, "strerror", None) or error))
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
        return _fail(_("name the story: export story <slug or file.md> --format html -o story.html"))
    if args.format not in STORY_FORMATS:
        return _fail(_("a story is exported as {formats}, not “{format}”.").format(formats=", ".join(STORY_FORMATS),
                                                                                  format=args.format))
    if view_query(args):
        return _fail(_("a story's views are written in its file: the view options do not apply to 'export story'."))
    settings = Settings.from_env()
    try:
        dataset = load_dataset(args.data, fmt=args.data_format, strict=args.strict)
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        return _fail(_("the data is invalid; nothing was exported."))
    folder = Path(settings.stories_dir) if settings.stories_dir else BUNDLED_STORIES
    story, problems = find_story(args.story, folder, dataset)
    if story is None:
        if len(problems) == 1:
            return _fail(problems[0])
        print("\n".join(problems), file=sys.stderr)
        return _fail(_("the story has problems (listed above)."))
    try:
        written = write_story(story, dataset, args.format, args.output, renderer=ImageRenderer(settings.browser_path),
                              map_style=settings.map_style, urls=Urls(settings.path_prefix, settings.public_url))
    except ExportError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(_("cannot write {path}: {reason}").format(path=args.output, reason=error.strerror))
    shown = str(written[0]) if len(written) == 1 else f"{written[0]} … {written[-1].name}"
    print(ngettext("wrote {n} file: {files}", "wrote {n} files: {files}", len(written)).format(
        n=formats.number(len(written)), files=shown), file=sys.stderr)
    return 0


def serve(args: argparse.Namespace) -> int:
    """Load the data (refusing an invalid dataset) and run the development server."""
    from werkzeug.serving import run_simple

    from dashboard.settings import Settings
    from dashboard.web import curating
    from dashboard.web.app import create_app
    from dashboard.web.loading import WhileImporting, pending_import, start_import

    try:
        settings = Settings.from_env(host=args.host, port=args.port, debug=args.debug,
                                     data_paths=tuple(args.data) if args.data else None,
                                     data_format=args.data_format, strict=args.strict, store=args.store)
    except ValueError as error:
        return _fail(str(error))
    pending = pending_import(settings)
    if pending is not None:  # answer at once, with how far the import has gone, until the dashboard is built
        start_import(pending)
        print(_("Importing {label}; the dashboard opens at {address} when it is done.").format(
            label=pending.label, address=f"http://{settings.host}:{settings.port}/"), file=sys.stderr)
        run_simple(settings.host, settings.port, WhileImporting(pending, lambda: create_app(settings).server),
                   threaded=True)
        return 0
    try:
        app = create_app(settings)
    except StoreError as error:
        _fail(str(error))
        print(_("The dashboard was not started."), file=sys.stderr)
        return 1
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        print(_("The dashboard was not started: the dataset is invalid."), file=sys.stderr)
        return 1
    app.run(host=settings.host, port=settings.port, debug=settings.debug, **curating.reloading(settings))
    return 0
