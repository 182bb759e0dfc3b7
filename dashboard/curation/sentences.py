"""An article's text as sentences, each with where it stands in the text, so that every excerpt a candidate
quotes is the text's own characters (``text[start:end]``), never a rewritten copy."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words whose full stop does not end a sentence.
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "sen", "rep", "gov",
                           "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                           "dec", "no", "vs", "etc", "approx", "u.s", "u.k", "e.g", "i.e"})
#: A sentence ends at ". ", "! ", "? " (a closing quote or bracket may follow) before a capital or an opening quote.
BOUNDARY = re.compile(r"""(?<=[.!?])["”’)\]]?(\s+)(?=["“‘(\[]?[A-ZА-ЯЁԱ-Ֆ0-9])""")
#: Lines that are a site's navigation, not the article ("Home » Blog » …").
NAVIGATION = re.compile(r"»|›|\|")


@dataclass(frozen=True)
class Sentence:
    """A sentence: its text, exactly as in the article, and its offsets there."""

    text: str
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``: each line (a headline, a paragraph) split at sentence ends; navigation lines
    and blank ones left out. Every sentence is ``text[start:end]``."""
    found: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip() or NAVIGATION.search(line.group()):
            continue
        for start, end in _pieces(line.group()):
            piece = line.group()[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            if end > start:
                found.append(Sentence(text[line.start() + start:line.start() + end], line.start() + start,
                                      line.start() + end))
    return found


def _pieces(line: str) -> list[tuple[int, int]]:
    """Where ``line``'s sentences start and end (not after an abbreviation or an initial)."""
    pieces, start = [], 0
    for boundary in BOUNDARY.finditer(line):
        end = boundary.start(1)
        word = re.search(r"([\w.]+)\.[\"”’)\]]?$", line[start:end])
        if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        pieces.append((start, end))
        start = boundary.end()
    pieces.append((start, len(line)))
    return pieces
