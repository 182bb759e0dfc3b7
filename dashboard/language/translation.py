"""One translation function for every word the dashboard shows: gettext catalogues, one per language.

``_("Filters")`` is the text in the language of the request being answered (``using``); ``ngettext`` picks the
plural form; ``N_`` marks a text to translate later, where it is used (a declaration made at import time, such
as a control's label, is translated when it is drawn). Catalogues are ``locales/<lang>/LC_MESSAGES/messages.po``
beside this module, read once per process; Babel's extractor finds every marked text (``messages.pot``,
checked by the tests). The pseudo-language ``qps`` wraps every translated text in ⟦ ⟧: a test reads pages in
it and finds any English word that did not pass through here.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE = "en"
#: The pseudo-language of the tests: every text wrapped, so an unwrapped word stands out.
PSEUDO = "qps"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

#: The languages the dashboard is written in, each named in itself.
LANGUAGES = {"en": "English", "fr": "Français", "ru": "Русский", "hy": "Հայերեն", "az": "Azərbaycanca"}

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def available() -> dict[str, str]:
    """The languages with a catalogue here (and English), each named in itself."""
    return {code: name for code, name in LANGUAGES.items()
            if code == SOURCE_LANGUAGE or (LOCALES_DIR / code / "LC_MESSAGES" / "messages.po").is_file()}


def direction(lang: str | None = None) -> str:
    """"ltr" or "rtl", as ``lang`` (the current language) is written — from CLDR, so that a right-to-left language
    is a catalogue, not a redesign."""
    from babel import Locale

    lang = lang or language()
    if lang == PSEUDO:
        return "ltr"
    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


#: Languages whose dotted and dotless i are two letters (İ/i, I/ı): Azerbaijani, and Turkish, which shares the rule.
DOTLESS_I_LANGUAGES = ("az", "tr")


def fold_case(text: str, lang: str | None = None) -> str:
    """``text`` in lower case as ``lang`` (the current language) folds it: in Azerbaijani "İSMAYILLI" is
    "ismayıllı" (I → ı, İ → i); elsewhere "I" is "i". "İ" is "i" everywhere, as the engine's ``lower`` has it
    (not Python's "i" + combining dot)."""
    text = text.replace("İ", "i")
    if (lang or language()) in DOTLESS_I_LANGUAGES:
        text = text.replace("I", "ı")
    return text.lower()


def language() -> str:
    """The language being written in now (the request's, else English)."""
    return _language.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Write in ``lang`` within the block (a CLI command, a streamed page, a test)."""
    token = enter(lang)
    try:
        yield
    finally:
        leave(token)


def enter(lang: str):
    """Write in ``lang`` from now on (a request, until ``leave`` with the token returned)."""
    return _language.set(lang)


def leave(token) -> None:
    """Back to the language before ``enter``."""
    _language.reset(token)


def _(message: str) -> str:
    """``message`` in the current language (itself when no catalogue translates it)."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n``, in the current language."""
    return _translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for the marker
    """Mark ``message`` for the catalogue without translating it now (``_`` translates it where it is shown)."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - N_ for a message with plural forms
    """Mark a message with its plural for the catalogue (one entry, every plural form), to be said later with
    ``ngettext(*marked, n)``."""
    return singular, plural


class _Pseudo(gettext.NullTranslations):
    """Every message wrapped in ⟦ ⟧."""

    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}" if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@lru_cache(maxsize=16)
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == PSEUDO:
        return _Pseudo()
    po = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
