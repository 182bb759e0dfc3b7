"""A paused frame of playback (#24): ``at``, ``window`` and ``mode`` are parameters like the others, so
a frame is a URL that every door — page, embed, export, CLI — shows the same."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import pytest

from dashboard.cli import main
from dashboard.query.playback import Window, frame, parse_window
from dashboard.query.view import resolve_view
from dashboard.query.view_state import ViewState


@pytest.mark.parametrize("text, window", [("2w", Window(2, "w")), ("10D", Window(10, "d")), ("1m", Window(1, "m")),
                                          ("3y", Window(3, "y"))])
def test_a_window_is_a_number_and_a_unit(text, window):
    notices: list[str] = []
    assert parse_window(text, notices) == window and notices == []
    assert str(window) == text.lower()


@pytest.mark.parametrize("text", ["", "2", "w", "2 weeks", "0d", "101y", "-1w"])
def test_a_window_that_is_not_one_is_ignored_with_a_notice(text):
    notices: list[str] = []
    assert parse_window(text, notices) is None and "Ignored “window=" in notices[0]


def test_a_frame_counts_both_its_ends():
    first = date(1678, 1, 1)
    assert frame(date(2020, 10, 10), Window(2, "w"), "sliding", first) == (date(2020, 9, 27), date(2020, 10, 10))
    assert frame(date(2023, 3, 31), Window(1, "m"), "sliding", first) == (date(2023, 3, 1), date(2023, 3, 31))
    assert frame(date(2023, 5, 12), Window(1, "d"), "sliding", first) == (date(2023, 5, 12), date(2023, 5, 12))
    assert frame(date(2023, 5, 12), Window(1, "w"), "cumulative", first) == (first, date(2023, 5, 12))


def test_a_frame_keeps_what_overlaps_it_a_span_and_an_imprecise_date_included(dataset):
    week = resolve_view(dataset, "at=2023-05-12&window=1w")
    kept = set(week.events.event_id)
    # the day's clashes, and the spans still going (the blockade, the peacekeepers) — lit from start to end
    assert {"border-clash-2023-05-11", "border-clash-2023-05-12", "nagorno-karabakh-blockade",
            "russian-peacekeepers-deployed"} <= kept
    assert "washington-talks-2023-05" not in kept and "brussels-trilateral-2023-05-14" not in kept
    # an event known loosely is in every frame its window overlaps, not on one guessed day; one known to the day
    # only in the frames holding its day
    assert "armenia-complains-peacekeepers" in set(resolve_view(dataset, "at=2022-09-01&window=1w").events.event_id)
    assert "karabakh-secession" in set(resolve_view(dataset, "at=1991-09-05&window=1w").events.event_id)
    assert "karabakh-secession" not in set(resolve_view(dataset, "at=1991-03-01&window=1w").events.event_id)
    everything = resolve_view(dataset, "at=2023-05-12&mode=cumulative")
    assert everything.count == 19 - 4  # the three Brussels meetings of 13–14 May and the scheduled one of 1 June
    assert "4 of 19" not in week.count_text and week.count == len(kept)


def test_a_frame_is_a_url_and_says_what_it_shows(dataset):
    state, notices = ViewState.from_query("mode=cumulative&window=2w&at=2020-10-10&type=war")
    assert notices == [] and state.to_query() == "type=war&at=2020-10-10&window=2w&mode=cumulative"
    assert ViewState.from_query(state.to_query())[0] == state
    assert ViewState.from_query("at=2020-10-10&window=1m")[0].to_query() == "at=2020-10-10"  # the default window
    view = resolve_view(dataset, "at=2020-10-10&window=2w")
    from dashboard.output.report import caption

    assert "2 weeks to 10 Oct 2020" in caption(view, dataset)
    assert "everything up to 10 Oct 2020" in caption(resolve_view(dataset, "at=2020-10-10&mode=cumulative"), dataset)


def test_every_door_shows_the_same_frame(client, tmp_path):
    embed = client.get("/embed/timeline?at=2023-05-12&window=1w").get_data(as_text=True)
    # 8: Peskov's words, dated to the month up to publication, overlap the week too
    assert "8 of 19 events" in embed and "1 week to 12 May 2023" in embed
    csv = client.get("/export/events.csv?at=2023-05-12&window=1w").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == 1 + 8
    out = tmp_path / "frame.csv"
    assert main(["export", "events", "--format", "csv", "--at", "2023-05-12", "--window", "1w", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == csv.splitlines()


def test_the_timeline_shows_a_paused_frame_in_the_time_around_it(dataset):
    from dashboard.charts import CHARTS, Canvas

    figure = CHARTS["timeline"].figure(dataset, resolve_view(dataset, "at=2020-10-10&window=2w"), Canvas(width=1000))
    start, end = (str(x)[:10] for x in figure.layout.xaxis.range)
    assert start < "2020-09-27" and end > "2020-10-11"  # the window with time either side
    band = [s for s in figure.layout.shapes if s.name == "frame"]
    assert len(band) == 1 and str(band[0].x0)[:10] == "2020-09-27" and str(band[0].x1)[:10] == "2020-10-11"
    assert [a.text for a in figure.layout.annotations if a.name == "frame"] == ["2 weeks to 10 Oct 2020"]
    plain = CHARTS["timeline"].figure(dataset, resolve_view(dataset, "type=war"), Canvas(width=1000))
    assert not [s for s in plain.layout.shapes if s.name == "frame"]


# --- playback as video: MP4 and GIF, from the CLI and over HTTP -----------------------------------------

def _frames(data: bytes, suffix: str):
    import imageio.v3 as iio

    return iio.imread(data, index=None, extension=f".{suffix}")


def test_a_gif_of_the_talks_has_the_frames_asked_for_each_with_its_date(dataset, tmp_path):
    from dashboard.output.video import HEIGHT, WIDTH, frame_days

    talks = resolve_view(dataset, "type=talks")
    every_day = frame_days(dataset, talks)  # 60 asked; the talks' time holds 32 days
    assert len(every_day) == 32 and every_day[0] == date(2023, 5, 1) and every_day[-1] == date(2023, 6, 1)
    out = tmp_path / "talks.gif"
    assert main(["export", "playback", "--format", "gif", "--type", "talks", "--frames", "6", "-o", str(out)]) == 0
    days = frame_days(dataset, talks, 6)
    assert len(days) == 6 and (days[0], days[-1]) == (every_day[0], every_day[-1])
    frames = _frames(out.read_bytes(), "gif")
    assert frames.shape[:3] == (len(days), HEIGHT, WIDTH)
    # each frame is the view paused on its day (the window and its words move): no two neighbours alike
    assert all((frames[i] != frames[i + 1]).any() for i in range(len(frames) - 1))


def test_each_frame_of_a_video_is_its_day_drawn_with_its_words(dataset, monkeypatch):
    """Frame i of the file is the timeline paused on day i — it matches that day's own picture better than any
    other day's — and that picture names its day ("1 month to 13 May 2023") beside the caption."""
    import numpy as np
    import imageio.v3 as iio

    from dashboard.output import video
    from dashboard.output.exports import export
    from dashboard.output.images import ImageRenderer

    drawn: list = []
    real = video.standalone_figure

    def recording(*args, **kwargs):
        figure = real(*args, **kwargs)
        drawn.append(figure)
        return figure

    monkeypatch.setattr(video, "standalone_figure", recording)
    view = resolve_view(dataset, "type=talks")
    renderer = ImageRenderer()
    made = export(dataset, view, "playback", "mp4", renderer=renderer, made=date(2026, 1, 1), video=(4, 10))
    days = video.frame_days(dataset, view, 4)
    words = [[a.text for a in figure.layout.annotations if a.name == "frame"] for figure in drawn]
    assert words == [[f"1 month to {day.day} {day:%b %Y}"] for day in days]
    assert all(figure.layout.title.text.startswith("<b>Timeline:") for figure in drawn)
    pictures = [iio.imread(renderer.render(figure, "png", width=video.WIDTH, height=video.HEIGHT, scale=1))[..., :3]
                for figure in drawn]
    frames = _frames(made.content, "mp4")
    assert len(frames) == len(days) == 4
    for i, picture_of_file in enumerate(frames):
        distances = [np.abs(picture_of_file.astype(int) - picture.astype(int)).mean() for picture in pictures]
        assert int(np.argmin(distances)) == i, distances


def test_an_mp4_over_http_and_what_cannot_be_played(client):
    answer = client.get("/export/playback.mp4?type=talks&from=2023-05-12&to=2023-05-14&window=1d")
    assert answer.status_code == 200 and answer.mimetype == "video/mp4"
    frames = _frames(answer.data, "mp4")
    assert len(frames) == 2 and frames.shape[1:3] == (720, 1280)  # 13 and 14 May: the view's two days
    assert client.get("/export/playback.png?type=talks").status_code == 404
    fewer = client.get("/export/playback.gif?type=talks&frames=3&fps=2")
    assert fewer.status_code == 200 and len(_frames(fewer.data, "gif")) == 3
    too_many = client.get("/export/playback.mp4?type=talks&frames=1000")
    assert too_many.status_code == 400 and "frames must be between 2 and 240" in too_many.get_data(as_text=True)
    nothing = client.get("/export/playback.gif?type=talks&from=1990-01-01&to=1990-12-31")
    assert nothing.status_code == 422 and "no events to play" in nothing.get_data(as_text=True)


def test_a_video_has_a_time_budget_of_its_own_and_past_it_asks_for_fewer_frames(dataset):
    """A video's frames are each a view drawn: it may take ``video_timeout`` (30 s by default) instead of the
    request's 10 s, and a video stopped past it says to ask for fewer frames, with when to try again."""
    from dashboard.settings import Settings
    from dashboard.web.app import create_app

    assert Settings().video_timeout == 30 and Settings().request_timeout == 10
    quick = create_app(Settings(request_timeout=0.01), dataset=dataset).server.test_client()
    assert quick.get("/export/playback.mp4?type=talks&frames=4").status_code == 200  # the video's own budget
    stopped = create_app(Settings(video_timeout=0.01), dataset=dataset).server.test_client().get(
        "/export/playback.mp4?type=talks&frames=40")
    assert stopped.status_code == 503 and stopped.headers["Retry-After"] == "5"
    assert "ask for fewer frames" in stopped.get_data(as_text=True)


def test_every_event_of_the_view_is_in_a_frame_of_its_video(dataset):
    """Sixty frames over the bundled data's 35 years are seven months apart: with the view's month-long window,
    some of its 19 events would be in no frame. The video's window reaches back to the frame before, and its
    frames say so."""
    from dashboard.output.video import frame_days, frame_figures, video_view
    from dashboard.query.view import View

    view = resolve_view(dataset, "")
    played = video_view(dataset, view)
    assert str(played.state.value("window")) == "8m" and str(view.state.value("window")) == "1m"
    seen, own = set(), set()
    for day in frame_days(dataset, view):
        seen |= set(View(played.state.with_value("at", day), (), dataset).events.event_id)
        own |= set(View(view.state.with_value("at", day), (), dataset).events.event_id)
    assert seen == set(view.events.event_id) and len(own) < len(seen)  # a month: some in no frame
    first = next(frame_figures(dataset, view, made=date(2026, 1, 1)))
    assert [a.text for a in first.layout.annotations if a.name == "frame"] == ["8 months to 30 Sep 1988"]
    talks = resolve_view(dataset, "type=talks")  # frames a day apart: the view's own month is kept
    assert video_view(dataset, talks) is talks


def test_a_frames_legend_stays_just_under_its_plot_at_the_videos_height(dataset):
    """A frame is 720 px tall whatever the timeline's own height: the plot takes the difference and the legend
    keeps its distance below the plot, in pixels (it stood 140 px lower than in the chart alone, or in the
    date ticks when the chart was taller)."""
    from dashboard.charts import CHARTS, Canvas
    from dashboard.output.exports import chart_figure
    from dashboard.output.video import HEIGHT, at_height

    def below_plot(figure) -> float:  # the legend's top, in pixels under the plot's bottom edge
        layout = figure.layout
        return -layout.legend.y * (layout.height - layout.margin.t - layout.margin.b)

    for query in ("at=2022-10-29&window=8m", "type=talks&at=2023-05-14"):
        alone = chart_figure(CHARTS["timeline"], dataset, resolve_view(dataset, query), Canvas(width=1280, on_paper=True),
                             made=date(2026, 1, 1))
        natural = below_plot(alone)
        for height in (HEIGHT, alone.layout.height - 60):
            framed = at_height(go.Figure(alone), height)
            assert framed.layout.height == height and abs(below_plot(framed) - natural) < 0.5


def test_a_videos_speed_is_time_per_second_of_video(dataset):
    """``speed=1w`` at 10 frames a second: frames 0.7 days apart, as many as the view's time needs (at most those
    asked); without a speed, the frames asked spread over the whole time."""
    from dashboard.output.video import frame_days

    view = resolve_view(dataset, "type=talks&window=1d&speed=1w")
    days = frame_days(dataset, view, 240, 10)
    gaps = {(b - a).days for a, b in zip(days, days[1:])}
    assert gaps <= {0, 1} and len(days) == len(set(days))
    assert (days[0], days[-1]) == (date(2023, 5, 1), date(2023, 6, 1))  # the talks' first to last day
    assert (view.summary.first.date(), view.summary.last.date()) == (days[0], days[-1])
    slow = frame_days(dataset, resolve_view(dataset, "type=talks&window=1d&speed=1d"), 20, 10)
    assert len(slow) < 20 and (slow[-1] - slow[0]).days == 2  # 20 frames of a day a second: two days
    assert len(frame_days(dataset, resolve_view(dataset, "type=talks&window=1d"), 20)) == 20
