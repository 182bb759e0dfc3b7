"""Playback as a video (#24): the frames of a view drawn one by one by the image renderer, then encoded by
ffmpeg (the binary the ``imageio-ffmpeg`` package ships, so nothing is installed system-wide).

A video plays the view's own time — from its first day to its last, the window of ``window``/``mode`` (the
view's, default one month sliding) ending on each frame's day — with the timeline of each frame standing
alone: its title, the frame in words ("1 month to 10 Oct 2020"), the filters and the source. Frames are
bounded (``MOST_FRAMES``) and the work is heavy work: one slot, 503 when all are busy.
"""

from __future__ import annotations

import itertools
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from dashboard.charts import CHARTS, Canvas
from dashboard.language import _
from dashboard.output.report import standalone_figure
from dashboard.query import budget, playback
from dashboard.query.dataset import Dataset
from dashboard.query.view import View

VIDEO_FORMATS = ("mp4", "gif")
MIMETYPES = {"mp4": "video/mp4", "gif": "image/gif"}
#: Frames of a video, its size in CSS pixels and its speed.
FRAMES = 60
MOST_FRAMES = 240
WIDTH, HEIGHT = 1280, 720
FPS = 10
#: The most seconds ffmpeg may take to finish once it has its last frame.
ENCODE_TIMEOUT_S = 60


class VideoError(RuntimeError):
    """A video that could not be made (no frames, or ffmpeg failed)."""


def frame_days(dataset: Dataset, view: View, frames: int = FRAMES, fps: int = FPS) -> list[date]:
    """The day each frame ends on: ``frames`` days spread evenly over the view's time (without its own ``at``),
    the first one a window after the view starts, so that the first frame is full. With the view's ``speed``
    (time per second), the frames are a second's time ÷ ``fps`` apart instead, at most ``frames`` of them."""
    return _played(dataset, view, frames, fps)[1]


def video_view(dataset: Dataset, view: View, frames: int = FRAMES, fps: int = FPS) -> View:
    """``view`` as a video plays it: a sliding window at least as long as the time between two frames, so that
    every event of the view is in a frame (a month's window on frames seven months apart would skip six months
    of events); the frames' words then say the window they show ("8 months to 24 Jan 2012")."""
    return _played(dataset, view, frames, fps)[0]


def _played(dataset: Dataset, view: View, frames: int, fps: int) -> tuple[View, list[date]]:
    """``video_view`` and its ``frame_days``, each worked out once."""
    state = view.state
    days = _frames(dataset, state, frames, fps)
    if state.value("mode") != "sliding" or len(days) < 2:
        return view, days
    gap = max((b - a).days for a, b in zip(days, days[1:]))
    if (days[-1] - state.value("window").first_day(days[-1])).days + 1 >= gap:
        return view, days
    wider = View(state.with_value("window", playback.covering(gap)), view.notices, dataset)
    return wider, _frames(dataset, wider.state, frames, fps)


def _frames(dataset: Dataset, state, frames: int, fps: int) -> list[date]:
    context = View(state.with_value("at", None), (), dataset)
    if not context.count:
        return []
    first, last = context.summary.first.date(), context.summary.last.date()
    length = last - state.value("window").first_day(last)  # the window's length, less its last day
    # the first frame holds a whole window, unless the view lasts less than two windows
    start = first + length if state.value("mode") == "sliding" and (last - first) >= 2 * length else first
    frames = max(1, min(int(frames), MOST_FRAMES))
    span = (last - start).days
    speed = state.value("speed")
    if speed is not None:  # a second of video is ``speed`` of time
        step = speed.days / max(int(fps), 1)
        return list(dict.fromkeys(start + timedelta(days=round(step * i)) for i in range(frames)
                                  if round(step * i) <= span))
    return list(dict.fromkeys(start + timedelta(days=round(span * i / max(frames - 1, 1))) for i in range(frames)))


def frame_images(dataset: Dataset, view: View, renderer, *, made: date, frames: int = FRAMES, fps: int = FPS,
                 chart: str = "timeline"):
    """The PNG of each frame (the chart of the view paused on that day, standing alone), drawn on one page
    of the renderer while the next frame's figure is built."""
    return renderer.frames(frame_figures(dataset, view, made=made, frames=frames, fps=fps, chart=chart),
                           width=WIDTH, height=HEIGHT)


def frame_figures(dataset: Dataset, view: View, *, made: date, frames: int = FRAMES, fps: int = FPS,
                  chart: str = "timeline"):
    """The figure of each frame, built as it is asked for (within the request's time budget)."""
    record = CHARTS[chart]
    view, days = _played(dataset, view, frames, fps)
    if not days:
        return
    # one time axis for every frame (the view's whole time), the window sweeping across it
    context = View(view.state.with_value("at", None), (), dataset).summary
    pad = max((context.last - context.first) * 0.02, pd.Timedelta(days=2))
    axis = (context.first - pad, context.last + pd.Timedelta(days=1) + pad)
    canvas = Canvas(width=WIDTH, on_paper=True, time_range=axis)
    for day in days:
        budget.check()
        paused = View(view.state.with_value("at", day), (), dataset)
        figure = standalone_figure(record.figure(dataset, paused, canvas), paused, dataset, chart=_(record.title),
                                   made=made)
        yield at_height(figure, HEIGHT).update_layout(width=WIDTH)


def at_height(figure, height: int):
    """``figure`` made ``height`` pixels tall: its plot takes the height it gains or loses, and a legend under the
    plot keeps its distance below it in pixels (its ``y`` is a share of the plot's height: left as it was, a
    taller frame would open a gap above the legend, a shorter one push it into the date ticks)."""
    layout = figure.layout
    margins = (layout.margin.t or 0) + (layout.margin.b or 0)
    before, after = (layout.height or 600) - margins, height - margins
    y = layout.legend.y
    if y is not None and y < 0 and layout.legend.yref != "container" and before > 0 and after > 0:
        figure.update_layout(legend_y=y * before / after)
    return figure.update_layout(height=height)


def encode(images, fmt: str, fps: int = FPS) -> bytes:
    """The PNG ``images`` as one MP4 (H.264, playable everywhere) or GIF.

    Each image goes to ffmpeg as it is drawn, so encoding runs beside drawing and no frame waits in memory: an
    MP4 in one pass; a GIF in two (the palette of every frame, then the frames with it — ffmpeg's one-pass
    ``split`` would hold all the decoded frames, half a gigabyte for 120 at 1280×720), the PNGs kept between
    them (tens of kilobytes each)."""
    with tempfile.TemporaryDirectory(prefix="playback-") as folder:
        out = Path(folder) / f"playback.{fmt}"
        if fmt == "mp4":
            # x264's "veryfast" preset: 160 MB of ffmpeg at 1280×720 instead of 260, about the same file
            count = _ffmpeg(images, fps, ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                                          "-movflags", "+faststart", str(out)])
        else:
            kept: list[bytes] = []
            palette = Path(folder) / "palette.png"
            count = _ffmpeg(_keeping(images, kept), fps, ["-vf", "palettegen", str(palette)])
            if count:
                _ffmpeg(kept, fps, ["-i", str(palette), "-lavfi", "paletteuse", str(out)])
        if not count:
            raise VideoError(_("no events to play in this view"))
        if not out.is_file():
            raise VideoError(_("the video could not be encoded: {error}").format(error=out.name))
        return out.read_bytes()


def _keeping(images, kept: list[bytes]):
    for image in images:
        kept.append(image)
        yield image


def _ffmpeg(images, fps: int, output: list[str]) -> int:
    """Feed the PNG ``images`` to ffmpeg as they come, writing ``output`` (its options and file). Returns how many
    were fed (none: ffmpeg is not started)."""
    import imageio_ffmpeg

    images = iter(images)
    first = next(images, None)
    if first is None:
        return 0
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "image2pipe",
               "-framerate", str(fps), "-c:v", "png", "-i", "-", *output]
    count = 0
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            try:
                for image in itertools.chain([first], images):
                    process.stdin.write(image)
                    count += 1
            except BrokenPipeError:  # ffmpeg stopped: its words say why
                pass
            finally:
                process.stdin.close()
            process.wait(timeout=ENCODE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise VideoError(_("encoding the video took too long")) from None
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            errors.seek(0)
            raise VideoError(_("the video could not be encoded: {error}").format(
                error=errors.read().decode("utf-8", "replace").strip()[:200]))
    return count
