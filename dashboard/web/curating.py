"""The curation workbench in the browser (#27): ``/curate`` — paste an article or upload a .txt/.html file, get
its candidate events (the same code as ``python -m dashboard curate``), review them beside the article (each
excerpt marked in it), edit, accept, merge, split or reject them with the contract's checks live, and download
the accepted ones as a CSV that ``validate`` accepts.

The article is untrusted text: markup is dropped and never run, no address in it is fetched, its size is
bounded (the request by the server's limit, the text by ``files.MOST_CHARACTERS``). Every POST carries a
CSRF token (a double-submit cookie, ``SameSite=Strict``). Nothing is written on the server unless it runs in
editor mode (``DASHBOARD_EDITOR_TOKEN``): then ``/curate/save``, with that token, appends the accepted rows to the
data file served (``curation.saving``: checked whole first, a backup beside it, atomic) and the server reloads.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import signal
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.curation.files import (COLUMNS, MOST_CHARACTERS, ArticleError, article_text, candidates_csv,
                                      check_rows)
from dashboard.curation.places import Gazetteer, gazetteer
from dashboard.curation.propose import Candidate, propose
from dashboard.curation.saving import SaveError, append_rows
from dashboard.data import BUNDLED_EVENTS, load_events
from dashboard.data.formats import detect_format
from dashboard.data.reading import read_header
from dashboard.data.schema import COLUMNS as CONTRACT
from dashboard.data.vocabulary import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS, STATUSES
from dashboard.language import _, formats
from dashboard.output.html import PAGES, script_json
from dashboard.output.limits import Busy, HeavyWork
from dashboard.output.urls import Urls
from dashboard.paths import BUNDLED
from dashboard.query.dataset import Dataset
from dashboard.query.view import resolve_view
from dashboard.settings import Settings
from dashboard.web.routes import busy_response
from dashboard.web.security import plain_response

CSRF_COOKIE = "curate_csrf"
#: The headers a script's POST carries the page's token and the editor's in (curate.js names them too).
CSRF_HEADER = "X-CSRF-Token"
EDITOR_HEADER = "X-Editor-Token"


@dataclass(frozen=True)
class Editor:
    """The editor mode: its token, and the data file accepted rows are appended to (inside its folder)."""

    token: str
    target: Path


def editor_of(settings: Settings) -> Editor | None:
    """The editor mode ``settings`` ask for (``DASHBOARD_EDITOR_TOKEN``), on the data file served: the bundled
    events, or the first of the project's CSV files among ``DASHBOARD_DATA``; None when off or nothing to append to."""
    if not settings.editor_token or settings.store or settings.engine:
        return None
    for path in settings.data_paths or (BUNDLED_EVENTS,):
        if path.suffix.lower() == ".csv" and path.is_file() and detect_format(read_header(path)) == "native":
            # never the copy inside an installed package: the next upgrade would replace it, saves and all
            return None if path.resolve().is_relative_to(BUNDLED) else Editor(settings.editor_token, path)
    return None


#: The known events a candidate is compared with, at most (the review names the first few).
MOST_SAME = 3


class Workbench:
    """What the routes share: the data, the addresses, and the gazetteer, built on the first article."""

    def __init__(self, dataset: Dataset, urls: Urls, editor: Editor | None = None):
        self.dataset, self.urls, self.editor = dataset, urls, editor
        self._places: Gazetteer | None = None
        self._building = threading.Lock()

    def places(self) -> Gazetteer:
        with self._building:  # built once, by the first request that needs it (the others wait for it)
            if self._places is None:  # the bundled events' places over GeoNames' (about a second)
                self._places = gazetteer(load_events(BUNDLED_EVENTS), self.dataset.registry)
        return self._places

    def ids_served(self, ids: list[str]) -> list[str]:
        """Which of ``ids`` the served data already holds (in the file saved to, or in another one served beside
        it: a save would then leave the data unloadable)."""
        wanted = sorted({i for i in ids if i})
        return sorted(set(self.dataset.engine.events_with_ids(wanted)["event_id"])) if wanted else []

    def same_as(self, fields: dict) -> list[str]:
        """Events of the served data this candidate may repeat: the same type, a window that overlaps."""
        query = urlencode({"type": fields["event_type"], "from": fields["date_start"], "to": fields["date_end"]})
        view = resolve_view(self.dataset, query)
        if view.notices or not view.count:
            return []
        return list(self.dataset.engine.rows(view.filter, limit=MOST_SAME, columns=["event_id"])["event_id"])


def reloading(settings: Settings) -> dict:
    """The development server's options in editor mode: restart when a save changes the data file (gunicorn's
    workers restart on the master's SIGHUP instead)."""
    editor = editor_of(settings)
    return {"use_reloader": True, "extra_files": [str(editor.target)]} if editor else {}


def register(server: Flask, dataset: Dataset, urls: Urls, *, heavy: HeavyWork, editor: Editor | None = None) -> None:
    """Add the workbench's routes under ``urls``' prefix (``/curate/save`` only in editor mode)."""
    bench = Workbench(dataset, urls, editor)

    @server.route(urls.route("curate"), methods=["GET", "POST"])
    def curate_page():
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        if request.method == "GET":
            return _page(bench, token, form={"published": date.today().isoformat()})
        if not _trusted(request.form.get("csrf")):
            return _expired()
        form = {k: request.form.get(k, "").strip() for k in ("published", "outlet", "title", "url")}
        upload = request.files.get("file")
        try:
            raw = upload.read() if upload and upload.filename else request.form.get("text", "")
            text = article_text(raw, upload.filename if upload and upload.filename else "")
            published = _published(form["published"])
            if form["url"] and not form["url"].startswith(("http://", "https://")):
                raise ArticleError(_("The article's address must start with http:// or https://."))
            if not form["outlet"]:
                raise ArticleError(_("Say who published the article: it is every candidate's source."))
        except ArticleError as error:
            return _page(bench, token, form=form, text=request.form.get("text", "")[:MOST_CHARACTERS],
                         problem=str(error), status=400)
        try:
            with heavy.slot():  # proposing is Python's work, up to a second for a long article: one of the slots
                candidates = propose(text, published=published, outlet=form["outlet"], title=form["title"],
                                     url=form["url"], registry=dataset.registry, places=bench.places())
        except Busy as busy:
            return busy_response(busy)
        if not candidates:
            return _page(bench, token, form=form, text=text, status=422, problem=_(
                "No sentence of this text reports an event in words the rules know (they read English news text): "
                "there is nothing to review."))
        return _page(bench, token, form=form, text=text, candidates=candidates)

    @server.route(urls.route("curate/check"), methods=["POST"])
    def curate_check():
        if not _trusted(request.headers.get(CSRF_HEADER)):
            return _expired()
        rows = _json_rows(request.get_data(as_text=True))
        if rows is None:
            return plain_response(_("Send the candidates as JSON: {\"rows\": [{…}, …]}."), 400)
        return Response(json.dumps({"problems": check_rows(rows)}), content_type="application/json")

    @server.route(urls.route("curate/candidates.csv"), methods=["POST"])
    def curate_download():
        if not _trusted(request.form.get("csrf")):
            return _expired()
        rows = _json_rows(request.form.get("rows", ""))
        if not rows:
            return plain_response(_("No candidate was accepted: accept one or more, then download."), 400)
        problems = check_rows(rows)
        if problems:
            return plain_response("\n".join(f"{p['row'] + 1 if p['row'] is not None else '-'}: {p['message']}"
                                            for p in problems), 422)
        response = Response(candidates_csv([Candidate(row, 1.0) for row in rows]),
                            content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="candidates.csv"'
        return response

    @server.route(urls.route("curate/save"), methods=["POST"])
    def curate_save():
        if editor is None:
            return plain_response(_("Not found."), 404)
        if not _trusted(request.headers.get(CSRF_HEADER)):
            return _expired()
        if not hmac.compare_digest(request.headers.get(EDITOR_HEADER, "").encode(), editor.token.encode()):
            return plain_response(_("Saving needs the editor's token (DASHBOARD_EDITOR_TOKEN)."), 403)
        rows = _json_rows(request.get_data(as_text=True))
        if not rows:
            return plain_response(_("No candidate was accepted: accept one or more, then save."), 400)
        problems = check_rows(rows)
        if problems:
            return plain_response("\n".join(p["message"] for p in problems), 422)
        taken = bench.ids_served([row["event_id"] for row in rows])
        if taken:
            return plain_response(_("The data served already has an event with the id {ids}: give each new event an "
                                    "id of its own. Nothing was written.").format(ids=", ".join(taken[:5])), 422)
        try:
            saved = append_rows(editor.target, rows, folder=editor.target.parent, now=datetime.now())
        except SaveError as error:
            return plain_response(str(error), 422)
        gunicorn = request.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn")
        response = Response(json.dumps({"saved": saved.added, "file": saved.path.name, "backup": saved.backup.name,
                                        "reloading": gunicorn}), content_type="application/json")
        if gunicorn:  # the workers restart gracefully on the new file; the development server watches the file
            response.call_on_close(lambda: os.kill(os.getppid(), signal.SIGHUP))
        return response

    @server.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        if request.path.startswith(urls.path("curate")):
            return plain_response(_("The article is too large: at most {most} bytes are read. Send a shorter text "
                                    "(an article of at most {characters} characters).").format(
                most=formats.number(server.config.get("MAX_CONTENT_LENGTH") or 0),
                characters=formats.number(MOST_CHARACTERS)), 413)
        return plain_response(f"{error.name}.", 413)


def _page(bench: Workbench, token: str, *, form: dict, text: str = "", candidates: list[Candidate] | None = None,
          problem: str = "", status: int = 200) -> Response:
    candidates = candidates or []
    rows = [{**c.fields, "_confidence": c.confidence, "_reasons": c.reasons,
             "_same_as": bench.same_as(c.fields)} for c in candidates]
    page = PAGES.get_template("curate.html").render(
        urls=bench.urls, token=token, form=form, text=text, problem=problem, count=len(candidates),
        pieces=_marked(text, candidates) if candidates else [], most_characters=MOST_CHARACTERS,
        candidates=script_json(json.dumps(rows, ensure_ascii=False)),
        editor_file=bench.editor.target.name if bench.editor else "",
        fields=script_json(json.dumps(_field_spec(), ensure_ascii=False)))
    response = Response(page, status=status, content_type="text/html; charset=utf-8")
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure,
                        path=bench.urls.path("curate"))
    return response


def _marked(text: str, candidates: list[Candidate]) -> list[tuple[str, list[str]]]:
    """The article in pieces: each excerpt with the candidates quoting it, the text between with none."""
    spans: dict[tuple[int, int], list[str]] = {}
    for candidate in candidates:
        spans.setdefault(candidate.excerpt_at, []).append(candidate.fields["event_id"])
    pieces, at = [], 0
    for (start, end), ids in sorted(spans.items()):
        if start >= at:
            pieces += [(text[at:start], []), (text[start:end], ids)]
            at = end
    return pieces + [(text[at:], [])]


def _field_spec() -> list[dict]:
    """The fields a candidate's card edits: name, help, kind and choices, from the contract."""
    described = {c.name: c for c in CONTRACT}
    choices = {"date_precision": sorted(DATE_PRECISIONS), "geo_precision": ["", *sorted(GEO_PRECISIONS)],
               "status": sorted(STATUSES), "event_type": [t.name for t in EVENT_TYPES]}
    return [{"name": name, "help": described[name].help, "kind": described[name].kind,
             "choices": choices.get(name)} for name in COLUMNS]


def _json_rows(text: str) -> list[dict] | None:
    """The rows of a JSON text (``_rows``); None when it is not JSON, or nested too deep to read."""
    try:
        return _rows(json.loads(text))
    except (ValueError, RecursionError):
        return None


def _rows(payload) -> list[dict] | None:
    """The rows of a JSON payload, each a mapping of the contract's fields to text (None when it is not one)."""
    rows = payload.get("rows") if isinstance(payload, dict) else payload
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows) or len(rows) > 1000:
        return None
    return [{k: "" if r.get(k) is None else str(r.get(k))[:5000] for k in COLUMNS} for r in rows]


def _published(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArticleError(_("The day the article was published must be a date (YYYY-MM-DD), not “{value}”.").format(
            value=value[:40])) from None


def _trusted(sent: str | None) -> bool:
    """Whether a POST carries the token its page was given (the cookie only this site's pages send)."""
    cookie = request.cookies.get(CSRF_COOKIE)
    return bool(cookie and sent and hmac.compare_digest(cookie.encode(), sent.encode()))  # any text, not only ASCII


def _expired() -> Response:
    """The answer to a POST without its page's token."""
    return plain_response(_("This form has expired: reload the page and send it again."), 403)
