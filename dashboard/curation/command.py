"""``python -m dashboard curate ARTICLE --published YYYY-MM-DD --outlet NAME -o candidates.csv``: candidate
events from an article, written as the project's CSV (``validate`` accepts it as it is), with the review's notes
beside it (``candidates.review.csv``: confidence, reasons, the known events each may repeat)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dashboard.curation.files import ArticleError, article_text, candidates_csv, review_csv
from dashboard.curation.matching import duplicates
from dashboard.curation.places import gazetteer
from dashboard.curation.propose import propose
from dashboard.data import DatasetError, load_events
from dashboard.data.problems import format_problems
from dashboard.data.registry import bundled_registry
from dashboard.language import N_, _, ngettext

HELP = N_("propose candidate events from an article (text or HTML), to review before use")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", type=Path, metavar="ARTICLE", help=_("the article: a .txt or .html file"))
    parser.add_argument("--published", required=True, type=_day, metavar="YYYY-MM-DD",
                        help=_("the day the article was published: every date it words is resolved against it"))
    parser.add_argument("--outlet", required=True, help=_("who published it (the source line of every candidate)"))
    parser.add_argument("--title", default="", help=_("the article's title, for the source line"))
    parser.add_argument("--url", default="", help=_("the article's address (http or https), never fetched"))
    parser.add_argument("--data", nargs="+", type=Path, metavar="FILE", help=_(
        "events to flag repeats of and to take places from (default: the bundled events)"))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help=_("the candidates' CSV (the review's notes go beside it, in FILE.review.csv)"))


def curate_command(args: argparse.Namespace) -> int:
    """Write the candidates and the review's notes; a problem is one clear message and exit 1."""
    try:
        text = article_text(args.article.read_bytes(), args.article.name)
    except OSError as error:
        return _fail(_("cannot read {path}: {reason}").format(path=args.article, reason=error.strerror))
    except ArticleError as error:
        return _fail(str(error))
    if args.url and not args.url.startswith(("http://", "https://")):
        return _fail(_("--url must start with http:// or https://"))
    try:
        events = load_events(args.data)
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr)
        return _fail(_("the data is invalid; nothing was written."))
    registry = bundled_registry()
    candidates = propose(text, published=args.published, outlet=args.outlet, title=args.title, url=args.url,
                         registry=registry, places=gazetteer(events, registry))
    if not candidates:
        return _fail(_("found no event in {path}: no sentence reports one in words the rules know (they read "
                       "English news text); nothing was written.").format(path=args.article))
    same_as = {c.fields["event_id"]: duplicates(c.fields, events) for c in candidates}
    review = args.output.with_name(args.output.stem + ".review.csv")
    try:
        args.output.write_text(candidates_csv(candidates), encoding="utf-8")
        review.write_text(review_csv(candidates, same_as), encoding="utf-8")
    except OSError as error:
        return _fail(_("cannot write {path}: {reason}").format(path=args.output, reason=error.strerror))
    print(ngettext("wrote {n} candidate to {path} (notes for the review in {review})",
                   "wrote {n} candidates to {path} (notes for the review in {review})", len(candidates)).format(
        n=len(candidates), path=args.output, review=review), file=sys.stderr)
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a day as YYYY-MM-DD").format(value=text)) from None


def _fail(message: str) -> int:
    print(_("error: {message}").format(message=message), file=sys.stderr)
    return 1
