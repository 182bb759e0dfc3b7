"""Problems found in a dataset, reported as ``file:line:column: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a data file.

    ``line`` is the 1-based line number in the file where the record starts;
    ``column`` is the 1-based position of the field in the header (1 for
    problems that concern the whole file or the whole record).
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DatasetError(Exception):
    """Raised when a dataset cannot be loaded whole; carries every problem found, in reading order."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem], limit: int = 1000) -> str:
    """Render problems one per line, truncated after ``limit`` with a count of the rest."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more problems")
    return "\n".join(lines)

