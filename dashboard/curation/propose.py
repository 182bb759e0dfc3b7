"""From an article to candidate events: each sentence that reports an event becomes one candidate per date it
words (or one, undated, when it words none), in the data contract — the sentence verbatim as its excerpt, the
date resolved honestly with its basis, the place and how it was found, actors and people through the registry,
casualties as stated, a type with the cue words that chose it — and a confidence with its reasons, for the
person who reviews them. Nothing here is ever written as fact: candidates are proposals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date

from dashboard.curation.dates import FIGURES, When, dates_in, number_said, since, undated
from dashboard.curation.places import Gazetteer, Place
from dashboard.curation.sentences import Sentence, sentences
from dashboard.data.registry import Registry
from dashboard.language import _, formats

#: Each type's cue words (lower case; a trailing "*" matches any ending), the more specific types first: a
#: sentence with a checkpoint and a statement verb is about the checkpoint.
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("checkpoint", ("checkpoint*",)),
    ("blockade", ("blockade*", "blocked")),
    ("ceasefire", ("ceasefire*", "cease-fire*", "truce*", "armistice")),
    ("secession", ("seceded", "secession", "secede*", "declared independence")),
    ("peacekeeping", ("peacekeep*",)),
    ("war", ("war", "wars", "fought")),
    ("clash", ("clash*", "killed", "wounded", "shelling", "shelled", "opened fire", "skirmish*", "attack*")),
    ("talks", ("talks", "met", "meet", "meeting*", "summit*", "negotiat*", "discussion*", "mediated")),
    ("statement", ("said", "says", "saying", "accused", "accuses", "insisting", "insisted", "called on", "urged",
                   "urges", "complained", "complains", "warned", "told", "announced", "declared", "stated")),
)
#: Types that are a state of things rather than a deed: a second one in the same words is a candidate of its own
#: ("a checkpoint … on a road already subject to a blockade").
STATES = ("checkpoint", "blockade", "ceasefire", "secession", "peacekeeping", "war")
#: Words that put what a sentence tells in the future, as of publication: a planned event.
FUTURE = re.compile(r"\b(will|scheduled to|is to|are to|is due|are due|plans to|planning to|expected to)\b", re.I)
#: Words that make a second state of things an earlier one, still in force.
ALREADY = re.compile(r"\balready\b|\bstill\b", re.I)
SPEECH = next(words for kind, words in CUES if kind == "statement")
NUMBER = rf"{FIGURES}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
CASUALTIES = {
    "fatalities": re.compile(rf"\b({NUMBER})\b(?:\s+[\w-]+){{0,3}}?\s+(?:was\s+|were\s+|had been\s+|have been\s+)?"
                             rf"killed\b|\bkilled\s+({FIGURES})\b", re.I),
    "injuries": re.compile(rf"\b({NUMBER})\b(?:\s+[\w-]+){{0,3}}?\s+(?:was\s+|were\s+|had been\s+|have been\s+)?"
                           rf"(?:wounded|injured)\b|\b(?:wounded|injured)\s+({FIGURES})\b", re.I),
}


@dataclass
class Candidate:
    """A proposed event: the contract's fields, and the confidence and reasons for its reviewer."""

    fields: dict
    confidence: float
    reasons: list[str] = field(default_factory=list)
    excerpt_at: tuple[int, int] = (0, 0)  # the excerpt's offsets in the article


def propose(text: str, *, published: date, outlet: str, registry: Registry, places: Gazetteer,
            url: str = "", title: str = "") -> list[Candidate]:
    """Candidate events from ``text``, an article published on ``published`` by ``outlet``."""
    source = ", ".join(p for p in (outlet, f"“{title}”" if title else "", formats.day(published)) if p)
    candidates: list[Candidate] = []
    previous: When | None = None
    for sentence in sentences(text):
        future = bool(FUTURE.search(sentence.text))
        found = dates_in(sentence.text, published, future=future)
        kinds_before: list = []
        for when, words in _segments(sentence.text, found):
            if when is not None and when.since:
                when = since(when, previous, published) if previous else None
            kinds = _kinds(words) or kinds_before or _kinds(sentence.text)
            if not kinds:
                continue
            kinds_before = kinds[:1]
            for n, (kind, cues) in enumerate(kinds):
                # a second state of things shares the date, unless the words make it an earlier one ("already")
                dated = when if when is not None and (n == 0 or not ALREADY.search(words)) else undated(published)
                candidates.append(_candidate(sentence, words, kind, cues, dated, future, published, source, url,
                                             registry, places))
            if when is not None:
                previous = when
        candidates.extend(_said(sentence, found, candidates, published, source, url, registry, places))
    return _named(candidates)


def _segments(text: str, found: list[When]) -> list[tuple[When | None, str]]:
    """The words each date belongs to: its clause — from the last clause boundary (", but", ", and", ";", a
    comma, else " and ") after the date before it, to the next one's; the whole sentence when it words no date."""
    if not found:
        return [(None, text)]
    starts = [0]
    for before, when in zip(found, found[1:]):
        gap = text[before.where[1]:when.where[0]]
        cut = [m for m in CLAUSE.finditer(gap)] or [m for m in AND.finditer(gap)]
        starts.append(before.where[1] + (cut[-1].start() + (1 if cut[-1].group().startswith(",") else 0)
                                          if cut else len(gap)))
    ends = starts[1:] + [len(text)]
    return [(when, text[start:end].strip(" ,;")) for when, start, end in zip(found, starts, ends)]


#: Where one clause of a sentence ends and another begins.
CLAUSE = re.compile(r"[,;]\s+(?:(?:and|but|while|whereas)\s+)?")
AND = re.compile(r"\s+and\s+")


def _kinds(words: str) -> list[tuple[str, list[str]]]:
    """The types ``words`` report, with their cues: the most specific one, and a second state of things."""
    lower = words.lower()
    hits = []
    for kind, cues in CUES:
        found = [c.rstrip("*") for c in cues if re.search(rf"\b{re.escape(c.rstrip('*'))}" + ("" if c.endswith("*")
                                                                                            else r"\b"), lower)]
        if found:
            hits.append((kind, found))
    if not hits:
        return []
    first = hits[0]
    states = [h for h in hits[1:] if h[0] in STATES and first[0] in STATES][:1]
    return [first, *states]


def _said(sentence: Sentence, found, candidates, published, source, url, registry, places) -> list[Candidate]:
    """A statement by a person the registry knows ("Kremlin spokesman Dmitry Peskov insisting…"), when the
    sentence's candidates are about something else: what was said is an event too."""
    lower = sentence.text.lower()
    verbs = [v for v in SPEECH if re.search(rf"\b{re.escape(v)}\b", lower)]
    people = [n for n in _names(sentence.text, registry) if registry.names[n].kind == "person"]
    own = [c for c in candidates if c.excerpt_at == (sentence.start, sentence.end)]
    if not verbs or not people or not own or any(c.fields["event_type"] == "statement" for c in own):
        return []
    return [_candidate(sentence, sentence.text, "statement", verbs, undated(published), False, published, source,
                       url, registry, places)]


def _candidate(sentence: Sentence, words: str, kind: str, cues: list[str], when: When, future: bool,
               published: date, source: str, url: str, registry: Registry, places: Gazetteer) -> Candidate:
    names = _names(words, registry) or _names(sentence.text, registry)
    actors = [n for n in names if registry.names[n].kind not in ("person", "place")]
    people = [n for n in names if registry.names[n].kind == "person"]
    place = _place(words, places) or _place(sentence.text, places)
    counts = {key: _count(pattern, words) for key, pattern in CASUALTIES.items()}
    # Translators: why the workbench proposes a candidate, shown on its review card
    reasons = [_("type “{kind}” from: {cues}").format(kind=kind, cues=", ".join(cues)),
               _("date: not stated (the text gives none)") if when.said == "not stated" else
               _("date: {words}").format(words=when.said),
               _("place: {place} ({precision})").format(place=place.name, precision=place.precision) if place else
               _("place: none named")]
    confidence = 0.3 + 0.25 * (when.said != "not stated") + 0.15 * (place is not None) + 0.1 * bool(actors or people) \
        + 0.1 * (len(cues) > 1) + 0.1 * (kind != "statement" or bool(people))
    status = "scheduled" if future and when.start > published else "occurred"
    if status == "scheduled":
        reasons.append(_("planned: the sentence speaks of it as still to come"))
    label = f"{kind.capitalize()}" + (f": {place.name}" if place else "")
    return Candidate({
        "event_id": "", "title": _title(kind, place, actors, people), "label": label, "summary": "",
        "event_type": kind, "status": status,
        "date_start": when.start.isoformat(), "date_end": when.end.isoformat(), "date_precision": when.precision,
        "date_text": when.said, "date_basis": when.basis,
        "actors": "; ".join(actors), "people": "; ".join(people),
        "location": place.name if place else "", "country": place.country if place else "",
        "latitude": place.latitude if place else "", "longitude": place.longitude if place else "",
        "geo_precision": place.precision if place else "", "geo_basis": place.basis if place else "",
        "fatalities": counts["fatalities"] if counts["fatalities"] is not None else "",
        "injuries": counts["injuries"] if counts["injuries"] is not None else "",
        "source": source, "source_date": published.isoformat(), "source_url": url,
        "source_excerpt": sentence.text,
    }, round(min(confidence, 1.0), 2), reasons, (sentence.start, sentence.end))


def _names(words: str, registry: Registry) -> list[str]:
    """Canonical names of the registry's actors and people ``words`` name, in the order named."""
    found = []
    for match in _spellings(registry).finditer(words):
        said = match.group(0)
        if len(said) <= 3 and said != said.upper():
            continue  # "us" is not "US", "eu" not "EU"
        found.append(registry.canonical(said))
    return list(dict.fromkeys(found))


def _spellings(registry: Registry) -> re.Pattern:
    """One pattern for every spelling of the registry, the longest first (compiled once per set of spellings)."""
    spellings = sorted(registry.spellings, key=len, reverse=True)
    return _compiled(tuple(spellings))


@lru_cache(maxsize=8)
def _compiled(spellings: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\w-])", re.IGNORECASE)


def _place(words: str, places: Gazetteer) -> Place | None:
    """The place ``words`` set the event in: one after "in", "at", "near" or "to" if any, else the first named."""
    found = places.find(words)
    for at, place in found:
        if re.search(r"\b(in|at|near|to|from)\s+(the\s+)?$", words[:at]):
            return place
    return found[0][1] if found else None


def _count(pattern: re.Pattern, words: str) -> int | None:
    """The number of people ``pattern`` finds killed or wounded in ``words``, summed; None when none is stated."""
    total = None
    for match in pattern.finditer(words):
        total = (total or 0) + number_said(match.group(1) or match.group(2))
    return total


def _title(kind: str, place: Place | None, actors: list[str], people: list[str]) -> str:
    who = " and ".join((people or actors)[:2])
    where = f" in {place.name}" if place and place.precision != "region" else (f": {place.name}" if place else "")
    return f"{kind.capitalize()}" + (f" ({who})" if who else "") + where


def _named(candidates: list[Candidate]) -> list[Candidate]:
    """Each candidate with a unique, readable id: type, place, first day."""
    seen: dict[str, int] = {}
    for candidate in candidates:
        f = candidate.fields
        slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-")
                        for p in (f["event_type"], f["location"] or "", f["date_start"]) if p)
        seen[slug] = seen.get(slug, 0) + 1
        f["event_id"] = slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"
    return candidates
