"""Validation: every kind of problem, at its file:line:column, with exit code 1."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.data import DatasetError, load_events
from dashboard.data.vocabulary import EVENT_TYPE_NAMES

TYPES = ", ".join(sorted(EVENT_TYPE_NAMES))

CASES = {
    "unparseable_date.csv": '4:6: date_start: unparseable date "2023-02-30" (expected YYYY-MM-DD)',
    "missing_date.csv": "4:6: date_start: missing date",
    "end_before_start.csv": "5:7: date_end: end 1987-12-31 is before start 1988-02-01",
    "unknown_event_type.csv": f'4:4: event_type: unknown event type "skirmish" (expected one of: {TYPES})',
    "missing_value.csv": "4:2: title: missing value",
    "coordinates_out_of_range.csv": "4:15: latitude: coordinate out of range: 91.5 is not between -90 and 90",
    "duplicate_id.csv": '5:1: event_id: duplicate id "talks-1" (first used on line 2)',
    "malformed_list.csv": '4:11: actors: malformed list "Armenia;;Azerbaijan" (empty item)',
    "unknown_column.csv": '1:23: unknown column "notes"',
    "missing_column.csv": '1:1: missing column "date_end"',
}


@pytest.mark.parametrize("name, expected", CASES.items())
def test_validate_reports_problem_at_file_line_column(name, expected, fixture_path, capsys):
    path = fixture_path(f"invalid/{name}")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [f"{path}:{expected}"]
    assert "1 problem found; nothing was loaded." in out.err


@pytest.mark.parametrize("name", CASES)
def test_load_events_refuses_an_invalid_file_whole(name, fixture_path):
    with pytest.raises(DatasetError) as error:
        load_events([fixture_path(f"invalid/{name}")])
    assert len(error.value.problems) == 1


def test_valid_fixture_passes(fixture_path, capsys):
    assert main(["validate", str(fixture_path("valid.csv"))]) == 0
    assert capsys.readouterr().out.startswith("OK: 3 events")


def test_every_problem_is_listed_not_just_the_first(tmp_path, fixture_path):
    text = fixture_path("valid.csv").read_text()
    broken = text.replace("2023-05-11,2023-05-11", "someday,2023-05-11").replace("talks,occurred", "talks,maybe")
    path = tmp_path / "two.csv"
    path.write_text(broken)
    with pytest.raises(DatasetError) as error:
        load_events([path])
    assert [str(p).split(": ", 1)[1] for p in error.value.problems] == [
        'status: unknown status "maybe" (expected one of: occurred, scheduled)',
        'date_start: unparseable date "someday" (expected YYYY-MM-DD)',
    ]


def test_row_with_wrong_number_of_fields(tmp_path, fixture_path):
    path = tmp_path / "short.csv"
    lines = fixture_path("valid.csv").read_text().splitlines()
    path.write_text("\n".join([*lines, "only,three,fields"]) + "\n")
    with pytest.raises(DatasetError) as error:
        load_events([path])
    assert [str(p) for p in error.value.problems] == [f"{path}:6:1: expected 22 fields, found 3"]


@pytest.mark.parametrize("content, message", [
    (None, "1:1: file not found"),
    ("", "1:1: empty file: expected a header line"),
    (b"event_id\n\xff\xfe\n", "2:1: not UTF-8 text: byte 0xff (invalid start byte); save the file as UTF-8"),
    (b"event_id,title\nx," + b"a" * 20_000 + b"\nz,caf\xe9\n", "3:6: not UTF-8 text: byte 0xe9 "
                                                            "(invalid continuation byte); save the file as UTF-8"),
])
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "data.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(DatasetError) as error:
        load_events([path])
    assert [str(p) for p in error.value.problems] == [f"{path}:{message}"]  # at its line, not at 1:1 (#28)


def test_ids_repeated_across_files_are_refused(tmp_path, fixture_path):
    copy = tmp_path / "copy.csv"
    copy.write_text(fixture_path("valid.csv").read_text())
    with pytest.raises(DatasetError) as error:
        load_events([fixture_path("valid.csv"), copy])
    messages = [str(p) for p in error.value.problems]
    assert f'{copy}:2:1: event_id: duplicate id "talks-1" (also in {fixture_path("valid.csv")}:2)' in messages
    assert len(messages) == 3


def test_coordinates_need_both_halves_and_a_precision(tmp_path, fixture_path):
    text = fixture_path("valid.csv").read_text().replace("40.2,45.9,region", "40.2,,region")
    text = text.replace("50.8503,4.3517,town", "50.8503,4.3517,")
    path = tmp_path / "geo.csv"
    path.write_text(text)
    with pytest.raises(DatasetError) as error:
        load_events([path])
    assert [str(p).split(":", 1)[1] for p in error.value.problems] == [
        "2:17: geo_precision: missing value (required when coordinates are given)",
        "4:16: latitude and longitude must both be given or both be empty",
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>", "www.example.org", "ftp://x"])
def test_source_url_must_be_a_web_address(tmp_path, fixture_path, url):
    path = tmp_path / "url.csv"
    path.write_text(fixture_path("valid.csv").read_text().replace('"Test source, 14 May 2023",,A clash.',
                                                                  f'"Test source, 14 May 2023","{url}",A clash.'))
    with pytest.raises(DatasetError) as error:
        load_events([path])
    assert [str(p).split(":", 3)[3] for p in error.value.problems] == [
        f' source_url: not a web address "{url}" (expected http:// or https://)']


def _with_nul(source, target, line: int, column: int):
    """A copy of ``source`` with a NUL byte at the start of field ``column`` (1-based) of physical ``line``."""
    lines = source.read_text(encoding="utf-8").split("\n")
    fields = lines[line - 1].split(",")
    fields[column - 1] = "\x00" + fields[column - 1]
    lines[line - 1] = ",".join(fields)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize("source, line, column, name", [
    ("acled/hdx_armenia_worldwide.csv", 6, 4, "event_id_no_cnty"),  # read by DuckDB
    ("valid.csv", 2, 1, "event_id"),  # the project's CSV
])
def test_a_nul_byte_is_refused_at_its_file_line_and_column(tmp_path, fixture_path, capsys, source, line, column, name):
    """No text holds a NUL byte; stored, it would cut values short in C code downstream (#28)."""
    path = _with_nul(fixture_path(source), tmp_path / "nul.csv", line, column)
    assert main(["validate", str(path), "--strict"]) == 1
    assert f"{path}:{line}:{column}: {name}: a NUL byte in the value" in capsys.readouterr().out


def test_a_column_named_twice_is_refused_by_validate_and_import(tmp_path, fixture_path, capsys):
    source = fixture_path("acled/current.csv").read_text(encoding="utf-8")
    path = tmp_path / "twice.csv"
    path.write_text(source.replace(",tags,", ",notes,", 1), encoding="utf-8")
    message = f"{path}:1:30: the column “notes” is in the header twice (columns 28 and 30): which one holds the values?"
    assert main(["validate", str(path)]) == 1
    assert message in capsys.readouterr().out
    assert main(["import", str(path), "--into", str(tmp_path / "s.duckdb")]) == 1
    printed = capsys.readouterr()
    assert message in printed.out + printed.err and not (tmp_path / "s.duckdb").exists()
