"""The words the dashboard shows, in the reader's language.

One translation function (``_``, ``ngettext``, ``N_`` — gettext catalogues in ``locales/``, extracted by
Babel into ``messages.pot``) and one formatter for dates and numbers (``formats``, Babel's CLDR data);
``wording`` puts events into words with both. Importing this package costs only the translation function:
``formats`` (which brings pandas) loads when it is first used, so the settings and gunicorn's configuration
can say their words without it.
"""

from importlib import import_module

from dashboard.language.translation import LANGUAGES, SOURCE_LANGUAGE, N_, Nn_, _, available, language, ngettext, using

__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "N_", "Nn_", "_", "available", "formats", "language", "ngettext",
           "using"]


def __getattr__(name: str):
    if name in ("formats", "wording", "catalogue"):
        return import_module(f"dashboard.language.{name}")
    raise AttributeError(name)
