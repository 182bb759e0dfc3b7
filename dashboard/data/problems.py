"""Problems found in a dataset, reported as ``file:line:column: message``."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.language import _, formats, ngettext


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
        rest = len(problems) - limit
        more = ngettext("... and {n} more problem", "... and {n} more problems", rest)
        lines.append(more.format(n=formats.number(rest)))
    return "\n".join(lines)


def wrong_field_count(path, line: int, expected: int, found: int) -> Problem:
    """The problem of a record whose number of fields is not the header's: "expected 22 fields, found 3"."""
    reason = ngettext("expected {expected} field, found {found}", "expected {expected} fields, found {found}", expected)
    return Problem(str(path), line, 1, reason.format(expected=formats.number(expected), found=formats.number(found)))

def not_utf8(path) -> Problem:
    """The problem of a file that is not UTF-8 text, at the line and column of its first byte that is not
    (a reader's own error tells only an offset in the block it was decoding). Reads the file again, in
    blocks, on this error path only."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, line, line_start = 0, 1, 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                bad = offset + max(error.start - len(decoder.getstate()[0]), 0)
                head = block[:bad - offset]
                newlines = head.count(b"\n")
                if newlines:
                    line_start = offset + head.rfind(b"\n") + 1
                return Problem(str(path), line + newlines, bad - line_start + 1,
                               _("not UTF-8 text: byte {byte} ({reason}); save the file as UTF-8").format(
                                   byte=f"0x{block[bad - offset]:02x}", reason=error.reason))
            newlines = block.count(b"\n")
            if newlines:
                line += newlines
                line_start = offset + block.rfind(b"\n") + 1
            offset += len(block)
    return Problem(str(path), line, 1, _("not UTF-8 text: it ends inside a character; save the file as UTF-8"))
