"""The language of each request: ``?lang=`` in its URL (or, for the requests Dash makes from the page — its
layout, its callbacks — in the page's URL, their Referer), else the browser's ``Accept-Language``, else English.
Everything the request writes is then in that language (``dashboard.language.using``), and the page's
``<html lang dir>`` and title follow it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import Flask, g, has_request_context, request

from dashboard.language import _
from dashboard.language.translation import SOURCE_LANGUAGE, available, direction, enter, leave


def requested_language() -> str:
    """The language the current request asks for (English outside a request)."""
    if not has_request_context():
        return SOURCE_LANGUAGE
    written = available()
    for url in (request.url, request.referrer or ""):
        asked = dict(parse_qsl(urlsplit(url).query)).get("lang")
        if asked in written and (url == request.url or urlsplit(url).netloc == request.host):
            return asked
    return request.accept_languages.best_match(list(written), default=SOURCE_LANGUAGE)


def install(server: Flask) -> None:
    """Write each request in its language."""

    @server.before_request
    def speak():
        g.language = enter(requested_language())

    @server.teardown_request
    def done(_error=None):
        token = g.pop("language", None)
        if token is not None:
            leave(token)


def localised_index(interpolate):
    """Dash's ``interpolate_index`` writing the page's ``<html>`` with the request's language and direction, and
    its title in it."""
    def index(**parts) -> str:
        from dashboard.language import language

        lang = language()
        page = interpolate(**{**parts, "title": _("Conflict timeline")})
        return page.replace("<html>", f'<html lang="{lang}" dir="{direction(lang)}">', 1)

    return index
