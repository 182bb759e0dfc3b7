"""A frame of playback (#24): the window of time a frame shows, ending on its day (``at``).

A *sliding* window shows the events of the last N days, weeks, months or years up to ``at``; a *cumulative*
one everything up to ``at``. An event is in a frame when its own window (its dates as far as its source
allows) overlaps the frame's: a span is lit from its start to its end, an imprecise date across its whole
window, never on one guessed day. The frame is a filter like the others (``rules.FRAME``), so a paused frame
is a URL — shared, embedded, exported and drawn by the CLI exactly like any view.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.language import N_, Nn_, _, formats, ngettext

MODES = ("sliding", "cumulative")
#: The units of a window, with the words of a count of them.
UNITS = {"d": Nn_("{n} day", "{n} days"), "w": Nn_("{n} week", "{n} weeks"), "m": Nn_("{n} month", "{n} months"),
         "y": Nn_("{n} year", "{n} years")}
#: The longest window in each unit (a century): a frame is never wider than every date there is.
MOST = {"d": 36_500, "w": 5_200, "m": 1_200, "y": 100}
_WINDOW = re.compile(r"(\d{1,5})([dwmy])")
#: Help texts of the three parameters (declared in ``dashboard.query.params``).
AT_HELP = N_("pause playback on this day: show the frame of events up to it (see window and mode)")
WINDOW_HELP = N_("the frame's length: a number and d, w, m or y (days, weeks, months, years); default 1m")
MODE_HELP = N_("sliding (the window before “at”) or cumulative (everything up to “at”)")
SPEED_HELP = N_("playback speed: how much time passes per second, a number and d, w, m or y (e.g. 1w); "
                "default: the view's time in about 20 seconds")
#: Seconds a play of the view's whole time takes at the speed chosen for it (``auto_speed``).
PLAY_SECONDS = 20
#: The mean length of a month in days, for speeds (a frame's own months are the calendar's).
MONTH_DAYS = 30.436875


@dataclass(frozen=True)
class Window:
    """A length of time: ``count`` days, weeks, months or years (``unit`` "d", "w", "m", "y")."""

    count: int
    unit: str

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def first_day(self, last: date) -> date:
        """The first day of the window that ends on ``last`` (both included)."""
        if self.unit in ("d", "w"):
            return last - timedelta(days=self.count * (7 if self.unit == "w" else 1) - 1)
        months = self.count * (12 if self.unit == "y" else 1)
        return (pd.Timestamp(last) - pd.DateOffset(months=months)).date() + timedelta(days=1)

    def words(self) -> str:
        """"2 weeks", "1 month" in the current language."""
        return ngettext(*UNITS[self.unit], self.count).format(n=formats.number(self.count))

    @property
    def days(self) -> float:
        """About how many days the window lasts (a month its mean length): for speeds, not for frames."""
        return self.count * {"d": 1, "w": 7, "m": MONTH_DAYS, "y": 12 * MONTH_DAYS}[self.unit]


DEFAULT_WINDOW = Window(1, "m")
#: The windows the page suggests (any other one may be typed).
WINDOW_PRESETS = (Window(1, "d"), Window(1, "w"), Window(2, "w"), Window(1, "m"), Window(3, "m"), Window(1, "y"))


#: The speeds the player offers (time per second; any other one may be typed).
SPEED_PRESETS = (Window(1, "d"), Window(1, "w"), Window(2, "w"), Window(1, "m"), Window(3, "m"), Window(1, "y"))


def parse_window(text: str, notices: list[str], key: str = "window") -> Window | None:
    """"2w" → two weeks; a notice and None for anything else."""
    found = _WINDOW.fullmatch(text.strip().lower())
    if found and 1 <= int(found.group(1)) <= MOST[found.group(2)]:
        return Window(int(found.group(1)), found.group(2))
    notices.append(_("Ignored “{key}={value}”: expected a number and d, w, m or y (e.g. 2w), up to a century.")
                   .format(key=key, value=text[:40]))
    return None


def parse_speed(text: str, notices: list[str]) -> Window | None:
    """"1w" → one week per second, as ``parse_window`` reads a window."""
    return parse_window(text, notices, "speed")


def auto_speed(days: float) -> Window:
    """The preset that plays ``days`` of time in about ``PLAY_SECONDS`` seconds."""
    wanted = max(days, 1) / PLAY_SECONDS
    return min(SPEED_PRESETS, key=lambda speed: abs(math.log(speed.days / wanted)))


def covering(days: float) -> Window:
    """The shortest window in its natural unit that lasts at least ``days`` (up to two weeks in days, up to
    three months in weeks, up to two years in months, beyond in years): a frame that reaches back to the one
    before it."""
    if days <= 14:
        return Window(max(1, math.ceil(days)), "d")
    if days <= 91:
        return Window(math.ceil(days / 7), "w")
    if days <= 731:
        return Window(min(math.ceil(days / MONTH_DAYS), MOST["m"]), "m")
    return Window(min(math.ceil(days / (12 * MONTH_DAYS)), MOST["y"]), "y")


def speed_words(speed: Window) -> str:
    """"1 week per second" in the current language."""
    # Translators: a playback speed, "2 weeks per second"
    return _("{time} per second").format(time=speed.words())


def frame(at: date, window: Window, mode: str, first_date: date) -> tuple[date, date]:
    """The first and last day a frame shows (both included); a cumulative frame starts at ``first_date``."""
    if mode == "cumulative":
        return first_date, at
    return max(window.first_day(at), first_date), at


def frame_words(at: date, window: Window, mode: str) -> str:
    """The frame in a caption: "2 weeks to 10 Oct 2020", "everything to 10 Oct 2020"."""
    if mode == "cumulative":
        return _("everything up to {day}").format(day=formats.day(at))
    # Translators: a frame of playback, "2 weeks to 10 Oct 2020"
    return _("{window} to {day}").format(window=window.words(), day=formats.day(at))
