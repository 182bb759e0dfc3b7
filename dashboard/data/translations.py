"""The curated events in the reader's language: ``data/translations/<lang>.csv``, one reviewable file per language
(``event_id, field, text``) for the events' ``title``, ``label`` and ``summary``.

The data stays what its source said: a translation replaces a field only on the page (its figures, table,
details and stories) and only where the event still says in English what was translated (an edited or imported
event of the same id keeps its own words); exports keep the data's own words. Rows given in another language
carry ``translated`` (True), so the page can say so; excerpts are never translated.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.data import BUNDLED_EVENTS, DATA_DIR
from dashboard.language import SOURCE_LANGUAGE, language

TRANSLATIONS_DIR = DATA_DIR / "translations"
#: The fields a translation may give, in the order its file lists them.
FIELDS = ("title", "label", "summary")
#: The language the curated events are written in.
DATA_LANGUAGE = SOURCE_LANGUAGE


def translation_file(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"{lang}.csv"


@lru_cache(maxsize=8)
def translations(lang: str) -> dict[tuple[str, str], tuple[str, str]]:
    """``(event_id, field)`` → (the English it translates, the translation), for the bundled events."""
    path = translation_file(lang)
    if lang == DATA_LANGUAGE or not path.is_file():
        return {}
    with BUNDLED_EVENTS.open(encoding="utf-8", newline="") as handle:
        english = {(row["event_id"], field): row.get(field) or "" for row in csv.DictReader(handle) for field in FIELDS}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {(row["event_id"], row["field"]): (english[row["event_id"], row["field"]], row["text"])
            for row in rows if (row["event_id"], row["field"]) in english and row["text"]}


def in_language(events: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """``events`` with their titles, labels and summaries in ``lang`` (the current language) where a translation
    of the same English exists, and ``translated`` saying which rows have one; unchanged in English."""
    table = translations(lang or language())
    if not table or events.empty or "event_id" not in events.columns:
        return events
    ids = events["event_id"].astype(object)
    out, translated = events.copy(), pd.Series(False, index=events.index)
    for field in FIELDS:
        if field not in out.columns:
            continue
        source = out[field].astype(object)
        given = [table.get((i, field)) for i in ids]
        use = pd.Series([g is not None and s == g[0] for g, s in zip(given, source)], index=events.index)
        if use.any():
            out[field] = out[field].astype(object).where(~use, [g[1] if g else None for g in given]).astype(
                events[field].dtype)
            translated |= use
    out["translated"] = translated
    return out
