"""Long imports show how far they have gone: a bar on a terminal, lines in a log file."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from tests.conftest import FIXTURES, REPO


def _run_in_a_terminal(args: list[str]) -> str:
    """The output of a command whose standard error is a terminal (a pseudo-terminal, as tmux gives)."""
    main, child = pty.openpty()
    process = subprocess.Popen(args, cwd=REPO, stdin=subprocess.DEVNULL, stdout=child, stderr=child)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_import_in_a_terminal_draws_a_progress_bar_with_rows_per_second(tmp_path):
    out = _run_in_a_terminal([sys.executable, "-m", "dashboard", "import", str(FIXTURES / "acled" / "current.csv"),
                              "--into", str(tmp_path / "events.duckdb")])
    assert "━" in out and "current.csv" in out  # the bar, named by the file
    assert " rows " in out and "/s" in out and "wrote" in out


def test_import_to_a_log_file_writes_progress_lines(tmp_path):
    log = tmp_path / "import.log"
    with log.open("w") as handle:
        subprocess.run([sys.executable, "-m", "dashboard", "import", str(FIXTURES / "acled" / "current.csv"),
                        "--into", str(tmp_path / "events.duckdb")], cwd=REPO, stderr=handle, check=True)
    lines = log.read_text().splitlines()
    assert any(line.startswith("importing current.csv: ") and "rows/s" in line for line in lines), lines
    assert "━" not in log.read_text() and "\x1b[" not in log.read_text()  # no bar, no terminal codes
