"""Response headers and request checks that keep the app safe to host publicly.

- Security headers on every response: a Content-Security-Policy that allows
  only the app's own origin (with hashes for Dash's own inline scripts),
  framing by the app's own origin only, except the embed pages, which any
  site may frame; ``nosniff``; a Referrer-Policy.
- Callback requests are checked before Dash sees them: valid JSON, not too
  deep, well-formed, for a callback that exists. Anything else is a 400, not
  a 500. Bodies over the configured size get 413.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping

from dash.exceptions import DependencyException
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from dashboard.language import _

LOG = logging.getLogger(__name__)

MAX_JSON_DEPTH = 32


#: Plotly and Dash set inline styles at run time (style attributes, <style> rules), which a
#: nonce cannot cover; scripts, by contrast, must come from the app or match a known hash.
def content_security_policy(script_hashes: Iterable[str], *, frame_ancestors: str) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(script_hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


#: Exported HTML files carry plotly.js inline; served from the app they run sandboxed, in no origin.
EXPORTED_HTML_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        "img-src data: blob:; font-src data:; sandbox allow-scripts; frame-ancestors 'self'")


def install(server: Flask, *, prefix: str, script_hashes: list[str], callback_map: Mapping[str, dict],
            max_request_bytes: int, debug: bool = False, trusted_proxies: int = 0) -> None:
    """Add the headers and checks to ``server``.

    ``callback_map`` is Dash's: output string → callback spec with its
    ``inputs`` and ``state`` lists. ``trusted_proxies`` is how many reverse
    proxies stand in front of the app: their ``X-Forwarded-Proto`` (and
    ``-For``, ``-Host``) are believed; with 0 nobody's are.
    """
    if trusted_proxies:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies,
                                   x_host=trusted_proxies)
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    page_policy = content_security_policy(script_hashes, frame_ancestors="'self'")
    embed_policy = content_security_policy([], frame_ancestors="*")
    shapes = {output: (len(spec.get("inputs", [])), len(spec.get("state", [])))
              for output, spec in callback_map.items()}
    update_path = f"{prefix}_dash-update-component"
    component_suites = f"{prefix}_dash-component-suites/"
    dev_only = () if debug else (f"{prefix}_reload-hash",)

    catch_all = f"{prefix}<path:path>"

    @server.before_request
    def refuse_unknown_paths():
        # Dash answers every path with the page (for its multi-page apps); this app has one page, so any
        # other path is a broken link and says so, instead of a 200 that hides it.
        rule = request.url_rule.rule if request.url_rule is not None else None
        if request.path in dev_only or rule == catch_all:
            return plain_response(_("Not found."), 404)
        return None

    @server.before_request
    def check_callback_request():
        if request.path != update_path or request.method != "POST":
            return None
        problem = callback_request_problem(request.get_data(cache=True), shapes)
        if problem:
            return Response(problem + "\n", status=400, mimetype="text/plain")
        return None

    @server.errorhandler(Exception)
    def callback_failure(error: Exception):
        """Client errors answer in a short plain line; a callback fed data it cannot use answers 400;
        a file Dash does not have answers 404; anything else stays a server error."""
        if isinstance(error, HTTPException):
            response = plain_response(f"{error.name}.", error.code or 500)
            allowed = dict(error.get_headers()).get("Allow")
            if allowed:
                response.headers["Allow"] = allowed
            return response
        if isinstance(error, DependencyException) or request.path.startswith(component_suites):
            LOG.info("unknown component file requested: %s", request.path)
            return plain_response(_("Not found."), 404)
        if request.path == update_path:
            LOG.warning("callback request rejected: %r", error)
            LOG.debug("callback request rejected", exc_info=True)
            return Response("This callback cannot run with the data sent.\n", status=400, mimetype="text/plain")
        LOG.exception("unhandled error on %s", request.path)
        return Response(_("Internal error.") + "\n", status=500, mimetype="text/plain")

    @server.after_request
    def security_headers(response: Response) -> Response:
        path = request.path
        if path.startswith(f"{prefix}embed/"):
            response.headers["Content-Security-Policy"] = embed_policy
        elif path.startswith(f"{prefix}export/") and path.endswith(".html"):
            response.headers["Content-Security-Policy"] = EXPORTED_HTML_POLICY
        else:
            response.headers["Content-Security-Policy"] = page_policy
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if "Cache-Control" not in response.headers or not response.cache_control.max_age:
            response.headers["Cache-Control"] = cache_policy(path, prefix, response.status_code)
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response


def cache_policy(path: str, prefix: str, status: int) -> str:
    """How long a response may be kept, by kind: files whose URL changes with their content (Dash's
    fingerprinted suites and assets, vendored libraries) a year; exports and embeds, which change only
    with the data or the day, ten minutes; the page, callbacks and errors must be asked for afresh."""
    if status >= 400:
        return "no-store"
    if path.startswith((f"{prefix}_dash-component-suites/", f"{prefix}assets/", f"{prefix}vendor/")):
        return "public, max-age=31536000, immutable"
    if path.startswith((f"{prefix}export/", f"{prefix}embed/", f"{prefix}files/")):
        return "public, max-age=600"
    if path.startswith(f"{prefix}_dash-update-component"):
        return "no-store"
    return "no-cache"


def plain_response(message: str, status: int) -> Response:
    """A short answer in plain text (an error's reason, a notice)."""
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def callback_request_problem(body: bytes, shapes: Mapping[str, tuple[int, int]]) -> str | None:
    """Why a callback request body is unacceptable, or None if Dash may handle it.

    ``shapes`` maps each callback's output string to its (inputs, state) counts.
    """
    try:
        payload = json.loads(body)
    except RecursionError:
        return "The request is nested too deeply."
    except (ValueError, UnicodeDecodeError):
        return "The request body is not valid JSON."
    if _depth(payload) > MAX_JSON_DEPTH:
        return "The request is nested too deeply."
    if not isinstance(payload, dict) or not isinstance(payload.get("output"), str):
        return "The request names no output."
    if payload["output"] not in shapes:
        return "The request names an output this app does not have."
    for key, expected in zip(("inputs", "state"), shapes[payload["output"]], strict=True):
        items = payload.get(key, [])
        if not isinstance(items, list) or not all(_is_dependency(item) for item in items):
            return f"The request's {key} are malformed."
        if len(items) != expected:
            return f"The request has {len(items)} {key}; this callback takes {expected}."
    outputs = payload.get("outputs")
    if not isinstance(outputs, (list, dict)) or not all(_is_dependency(o) for o in (
            outputs if isinstance(outputs, list) else [outputs])):
        return "The request's outputs are malformed."
    if not isinstance(payload.get("changedPropIds", []), list):
        return "The request's changedPropIds are malformed."
    return None


def _is_dependency(item) -> bool:
    if isinstance(item, list):  # pattern-matching (ALL) inputs arrive as lists of dependencies
        return all(_is_dependency(i) for i in item)
    return isinstance(item, dict) and "id" in item and isinstance(item.get("property"), str)


def _depth(value, limit: int = MAX_JSON_DEPTH + 1) -> int:
    """Nesting depth of parsed JSON, counting no further than ``limit``."""
    stack, deepest = [(value, 1)], 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest >= limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest
