"""The catalogue template: every text marked for translation in the package, found by Babel's extractor.

``python -m dashboard.language.catalogue`` (``./dev.sh catalogue``) writes ``messages.pot`` beside this module;
a test fails when it is not current. A language is then ``locales/<lang>/LC_MESSAGES/messages.po``, made from
the template (``pybabel init -i dashboard/language/messages.pot -d dashboard/language/locales -l fr``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import write_po
from io import BytesIO

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "messages.pot"
#: Python modules and the Jinja templates of the HTML pages (the ``_``, ``ngettext`` and ``N_`` calls of both).
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
#: gettext's own markers, and ``Nn_(singular, plural)``: a message with plural forms, said later by ``ngettext``.
KEYWORDS = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true",
                                    "extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every marked text of the package, with the files it is in."""
    catalog = Catalog(project="conflict-timeline-dashboard", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(str(PACKAGE), METHODS, OPTIONS, KEYWORDS):
        catalog.add(message, None, [(f"dashboard/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def write(path: Path = TEMPLATE) -> int:
    """Write the template (no line numbers or dates, so it changes only when texts do); the number of texts."""
    catalog = extract()
    catalog.copyright_holder = "the project's authors"
    written = BytesIO()
    write_po(written, catalog, include_lineno=False, sort_output=True, width=100)
    lines = written.getvalue().decode("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(('"POT-Creation-Date', '"PO-Revision'))),
                    encoding="utf-8")
    return len(catalog)


if __name__ == "__main__":
    count = write()
    print(f"wrote {TEMPLATE.relative_to(PACKAGE.parent)}: {count} texts", file=sys.stderr)
