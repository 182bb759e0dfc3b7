"""Every HTML page the dashboard writes outside Dash — embeds, stories, comparisons, the import's page — comes
from one Jinja environment with autoescape: text is escaped once, by the template, never by hand.

Templates write their words through the translation function (``{{ _("Stories") }}``, ``ngettext``; Jinja's
i18n extension, so Babel's Jinja extractor finds them), their dates and numbers through ``formats``, and
``<html lang="{{ language() }}" dir="{{ direction() }}">`` in the language of the request being answered.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.language import _, formats, language, ngettext
from dashboard.language.translation import LANGUAGES, direction
from dashboard.paths import TEMPLATES as TEMPLATES_DIR

PAGES = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]),
                    trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
# Newstyle: a translated text is escaped like any other value (its ``{placeholders}`` filled by ``.format``,
# which escapes what it puts in); the callables read the language when called, so one environment serves all.
PAGES.install_gettext_callables(_, ngettext, newstyle=True)
PAGES.globals.update(formats=formats, language=language, direction=direction, languages=LANGUAGES)


def script_json(text: str) -> str:
    """JSON text made safe inside an HTML ``<script>`` element: every "<" written as ``\\u003c`` (the same
    JSON), so no value — "</script>", "<!--<script>" — can end the element or change how the page reads it."""
    return text.replace("<", "\\u003c")


def render(template: str, **context) -> str:
    """The page ``template`` (a file of ``dashboard/templates``) with ``context``, escaped by the template."""
    return PAGES.get_template(template).render(**context)
