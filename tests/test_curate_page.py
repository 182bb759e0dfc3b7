"""The workbench's routes (#27): ``/curate`` proposes the seed's candidates with the known events they may repeat;
every POST needs its CSRF token; hostile input — 5 MB, markup, no events, Russian, bad fields — gets a clear
answer, never a 5xx, and nothing is written; the download is the project's CSV, checked as ``validate`` does."""

from __future__ import annotations

import io
import json
import re

import pytest

from dashboard.data import BUNDLED_EVENTS

SEED_FORM = {"published": "2023-05-14", "outlet": "Euronews with AFP"}


@pytest.fixture
def token(client) -> str:
    page = client.get("/curate")
    assert page.status_code == 200
    cookie = client.get_cookie("curate_csrf", path="/curate")
    assert cookie is not None and f'name="csrf" value="{cookie.value}"' in page.get_data(as_text=True)
    return cookie.value


def candidates_of(page: str) -> list[dict]:
    return json.loads(re.search(r'<script type="application/json" id="curate-data">(.*?)</script>', page, re.S).group(1))


def test_the_seed_article_gives_its_candidates_beside_the_text(client, token, article_text):
    answer = client.post("/curate", data={**SEED_FORM, "text": article_text, "csrf": token})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    rows = candidates_of(page)
    assert len(rows) == 26
    assert page.count("<mark data-candidates=") == len({r["source_excerpt"] for r in rows})  # each sentence quoted
    checkpoint = next(r for r in rows if r["event_type"] == "checkpoint")
    assert checkpoint["_same_as"] == ["lachin-checkpoint-2023-04-23"]  # a known event, flagged
    assert checkpoint["date_start"] == "2023-04-23" and checkpoint["_confidence"] > 0.5 and checkpoint["_reasons"]
    assert 'src="/files/curate.js"' in page


def test_every_post_needs_its_token(client, token):
    assert client.post("/curate", data={**SEED_FORM, "text": "Talks in Brussels on Thursday."}).status_code == 403
    assert client.post("/curate", data={**SEED_FORM, "text": "x", "csrf": "forged"}).status_code == 403
    assert client.post("/curate/check", json={"rows": []}).status_code == 403
    assert client.post("/curate/candidates.csv", data={"rows": "[]"}).status_code == 403
    # a token that is not ASCII is a wrong token, not an error
    assert client.post("/curate/check", json={"rows": []}, headers={"X-CSRF-Token": "é"}).status_code == 403
    assert client.post("/curate", data={**SEED_FORM, "text": "x", "csrf": "été"}).status_code == 403


def test_json_nested_too_deep_is_a_bad_request(client, token):
    deep = "[" * 100_000 + "]" * 100_000
    answer = client.post("/curate/check", data=deep, content_type="application/json",
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 400 and "Send the candidates as JSON" in answer.get_data(as_text=True)
    assert client.post("/curate/candidates.csv", data={"rows": deep, "csrf": token}).status_code == 400


@pytest.mark.parametrize(("text", "status", "message"), [
    ("Nothing happened. It was quiet.", 422, "there is nothing to review"),
    ("Лидеры Армении и Азербайджана встретились в Брюсселе в воскресенье.", 422, "they read English news text"),
])
def test_a_text_without_events_is_answered_clearly(client, token, text, status, message):
    answer = client.post("/curate", data={**SEED_FORM, "text": text, "csrf": token})
    assert answer.status_code == status and message in answer.get_data(as_text=True)


def test_markup_stays_text_and_an_html_file_is_read_as_its_text(client, token):
    text = "Talks <b>were</b> held in Brussels on Thursday. <script>alert(1)</script>"
    page = client.post("/curate", data={**SEED_FORM, "text": text, "csrf": token}).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<b>were" not in page
    assert "Talks &lt;b&gt;were&lt;/b&gt; held" in page  # pasted text is shown as the characters it is
    pasted_html = "<p>Talks were held in Brussels on Thursday.</p><script>alert(1)</script>"
    page = client.post("/curate", data={**SEED_FORM, "text": pasted_html, "csrf": token}).get_data(as_text=True)
    assert candidates_of(page)[0]["source_excerpt"] == "Talks were held in Brussels on Thursday."
    assert "alert(1)" not in page  # pasted HTML is read as its text: the script is dropped, never shown or run
    upload = {**SEED_FORM, "csrf": token, "file": (io.BytesIO(
        b"<html><body><script>steal()</script><p>Talks were held in <i>Brussels</i> on Thursday.</p></body></html>"),
        "article.html")}
    page = client.post("/curate", data=upload, content_type="multipart/form-data").get_data(as_text=True)
    rows = candidates_of(page)
    assert rows[0]["source_excerpt"] == "Talks were held in Brussels on Thursday." and "steal" not in page


def test_five_megabytes_and_bad_fields_get_clear_answers(client, token):
    big = client.post("/curate", data={**SEED_FORM, "csrf": token, "text": "Talks on Thursday. " * 270_000})
    assert big.status_code == 413 and "The article is too large" in big.get_data(as_text=True)
    for form, message in (({"published": "14 May"}, "must be a date (YYYY-MM-DD), not “14 May”"),
                          ({"url": "javascript:alert(1)"}, "must start with http:// or https://"),
                          ({"outlet": ""}, "Say who published the article")):
        answer = client.post("/curate", data={**SEED_FORM, "text": "Talks in Brussels on Thursday.", "csrf": token,
                                              **form})
        assert answer.status_code == 400 and message in answer.get_data(as_text=True)


def test_checks_and_download_are_the_contracts(client, token, article_text):
    rows = candidates_of(client.post("/curate", data={**SEED_FORM, "text": article_text, "csrf": token})
                         .get_data(as_text=True))
    kept = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows[:2]]
    headers = {"X-CSRF-Token": token}
    assert client.post("/curate/check", json={"rows": kept}, headers=headers).get_json() == {"problems": []}
    broken = [{**kept[0], "date_start": "2023-13-01"}, kept[1]]
    problems = client.post("/curate/check", json={"rows": broken}, headers=headers).get_json()["problems"]
    assert problems == [{"row": 0, "field": "date_start",
                         "message": 'date_start: unparseable date "2023-13-01" (expected YYYY-MM-DD)'}]
    assert client.post("/curate/check", data="not json", headers=headers).status_code == 400
    csv_answer = client.post("/curate/candidates.csv", data={"csrf": token, "rows": json.dumps(kept)})
    assert csv_answer.status_code == 200 and "attachment" in csv_answer.headers["Content-Disposition"]
    assert csv_answer.get_data(as_text=True).splitlines()[0].startswith("event_id,title,label,summary,event_type")
    refused = client.post("/curate/candidates.csv", data={"csrf": token, "rows": json.dumps(broken)})
    assert refused.status_code == 422 and "1: date_start: unparseable date" in refused.get_data(as_text=True)
    assert client.post("/curate/candidates.csv", data={"csrf": token, "rows": "[]"}).status_code == 400


def test_nothing_is_ever_written(client, token, article_text):
    before = {p: p.read_bytes() for p in BUNDLED_EVENTS.parent.rglob("*") if p.is_file()}
    client.post("/curate", data={**SEED_FORM, "text": article_text, "csrf": token})
    client.post("/curate", data={**SEED_FORM, "text": "x" * 300_000, "csrf": token})
    after = {p: p.read_bytes() for p in BUNDLED_EVENTS.parent.rglob("*") if p.is_file()}
    assert after == before


def test_proposing_takes_a_heavy_slot_and_is_a_503_when_all_are_taken():
    """Reading an article is up to a second of Python's work: it waits for one of the worker's heavy slots like an
    export, and says when to try again when every slot is taken."""
    from dashboard.query.dataset import load_dataset
    from dashboard.settings import Settings
    from dashboard.web.app import create_app

    app = create_app(Settings(heavy_requests=1, cache="none"), dataset=load_dataset())
    heavy = next(cell.cell_contents for cell in app.server.view_functions["curate_page"].__closure__
                 if type(cell.cell_contents).__name__ == "HeavyWork")
    heavy.wait = 0.05
    client = app.server.test_client()
    client.get("/curate")
    token = client.get_cookie("curate_csrf", path="/curate").value
    form = {**SEED_FORM, "text": "Talks were held in Brussels on Thursday.", "csrf": token}
    heavy.acquire()  # another request is working
    try:
        busy = client.post("/curate", data=form)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    finally:
        heavy.release()
    assert client.post("/curate", data=form).status_code == 200


def test_the_reasons_for_a_candidate_are_in_the_pages_language(client, token):
    form = {**SEED_FORM, "text": "Talks were held in Brussels on Thursday.", "csrf": token}
    english = candidates_of(client.post("/curate", data=form).get_data(as_text=True))[0]["_reasons"]
    french = candidates_of(client.post("/curate?lang=fr", data=form).get_data(as_text=True))[0]["_reasons"]
    assert english[1] == "date: on Thursday" and english[2].startswith("place: Brussels")
    assert french[1] == "date\u202f: on Thursday" and french[2].startswith("lieu\u202f: Brussels")
