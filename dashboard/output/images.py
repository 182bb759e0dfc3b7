"""Server-side PNG and SVG rendering with kaleido, in one long-lived browser per process.

The browser runs in a thread of its own with its own event loop; each render
is submitted to it and waited for with a time limit, so requests from many
threads each get their own image (kaleido's global "sync server" hands
results back through one shared queue and can mix them up), a render that
hangs is abandoned, and a browser that died is started again on the next
image instead of leaving every later request waiting forever.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import plotly.io

from dashboard.output.plotly_bundle import BUNDLE, STATIC
from dashboard.language import N_, _
from dashboard.language.charts import chart_config

LOG = logging.getLogger(__name__)


class ImagesUnavailable(RuntimeError):
    """No Chromium or Chrome could be found, started or brought to render in time."""

#: Loaded after plotly.js in the renderer's page: a figure's config, which kaleido does not pass, from its layout.
IMAGE_CONFIG = STATIC / "image-config.js"
#: The page a video's frames are drawn in, one after the other (``ImageRenderer.frames``).
FRAME_PAGE = STATIC / "frame-page.js"
#: Seconds a start of the image browser may take, and the starts tried before an image export says it cannot.
OPEN_S, OPEN_ATTEMPTS = 25.0, 2


@dataclass
class ImageRenderer:
    """Renders figures to PNG or SVG through kaleido.

    It draws with the app's own plotly.js bundle, as the page does. The
    browser starts on the first image and stays up, so later images take
    a fraction of a second. ``browser_path`` overrides the search of the PATH;
    a path that is not an executable makes the renderer unavailable rather
    than failing per request. ``timeout`` bounds one render, in seconds.
    """

    browser_path: str = ""
    timeout: float = 20.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _browser: object = field(default=None, repr=False)

    def find_browser(self) -> str | None:
        """The browser that would be used, or None."""
        if self.browser_path:
            return self.browser_path if os.access(self.browser_path, os.X_OK) else None
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)

    def render(self, figure: go.Figure, fmt: str, *, width: int, height: int, scale: float) -> bytes:
        """Image bytes of ``figure``. Raises ``ImagesUnavailable`` when no browser can do it in time."""
        browser, loop = self._started()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        drawn = _with_config(figure, chart_config())  # the reader's locale: month names on the axes
        return self._wait(asyncio.run_coroutine_threadsafe(browser.calc_fig(drawn, opts=opts), loop), browser)

    def frames(self, figures: Iterable[go.Figure], *, width: int, height: int) -> Iterator[bytes]:
        """The PNG of each of ``figures`` (each ``width`` × ``height`` CSS pixels), drawn in turn on one page:
        plotly.js loads once and each frame redraws only what changed (``render`` loads a fresh page per image,
        three times the work). The next figure is built — ``figures`` is iterated — while the browser draws the
        last one. Raises ``ImagesUnavailable`` as ``render`` does."""
        browser, loop = self._started()
        with tempfile.TemporaryDirectory(prefix="dashboard-frames-") as folder:
            page = Path(folder) / "frames.html"
            page.write_text(_FRAMES_HTML.format(plotly=BUNDLE.as_uri(), script=FRAME_PAGE.as_uri(), width=width,
                                                height=height), encoding="utf-8")
            tab = self._wait(asyncio.run_coroutine_threadsafe(_frame_tab(browser, page.as_uri(), width, height),
                                                              loop), browser)
            try:
                drawing = None
                for figure in figures:
                    spec = _with_config(figure, chart_config())
                    drawn = self._wait(drawing, browser) if drawing else None
                    drawing = asyncio.run_coroutine_threadsafe(_draw_frame(tab, plotly.io.to_json(spec), width,
                                                                           height), loop)
                    if drawn is not None:
                        yield drawn
                if drawing is not None:
                    yield self._wait(drawing, browser)
            finally:
                asyncio.run_coroutine_threadsafe(browser.close_tab(tab), loop)

    def _wait(self, future, browser, failure: str = N_("The browser could not render the image: {error}")):
        """The result of ``future`` (work in ``browser``) within the time limit of one image, else
        ``ImagesUnavailable`` saying ``failure`` (the browser is dropped: the next image starts a fresh one)."""
        try:
            return future.result(timeout=self.timeout)
        except Exception as error:  # kaleido reports a broken or stuck browser in several ways
            future.cancel()
            self._discard(browser)
            raise ImagesUnavailable(_(failure).format(error=_reason(error))) from None

    def print_page(self, html: str) -> bytes:
        """``html`` printed to PDF by the same browser, at the page size its CSS asks for (``@page``): text stays
        text, SVG stays vector, fonts are embedded. Raises ``ImagesUnavailable`` as ``render`` does."""
        browser, loop = self._started()
        with tempfile.TemporaryDirectory(prefix="dashboard-print-") as folder:
            page = Path(folder) / "page.html"
            page.write_text(html, encoding="utf-8")
            return self._wait(asyncio.run_coroutine_threadsafe(_print(browser, page.as_uri()), loop), browser,
                              N_("The browser could not print the page: {error}"))

    def _started(self):
        """The browser and its loop, started (again) if need be."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, name="image-renderer", daemon=True)
                self._thread.start()
                self._browser = None
            if self._browser is None:
                path = self.find_browser()
                if path is None:
                    raise ImagesUnavailable(_("Image export needs Chromium or Chrome: install it, or set "
                                              "BROWSER_PATH."))
                self._browser = self._opened(path)
            return self._browser, self._loop

    def _opened(self, path: str):
        """A browser at ``path``, open, on the renderer's loop. A start that fails or hangs (seen once on a loaded
        machine) is given up after ``OPEN_S`` and tried afresh, ``OPEN_ATTEMPTS`` times in all, rather than holding
        the request for a minute; then ``ImagesUnavailable``."""
        import kaleido

        for attempt in range(OPEN_ATTEMPTS):
            opening = asyncio.run_coroutine_threadsafe(
                _open(kaleido.Kaleido(path=path, page_generator=_page(), timeout=self.timeout), OPEN_S), self._loop)
            try:  # ``_open`` ends within OPEN_S (closing within 10 s more): this bounds a stuck loop
                browser, error = opening.result(timeout=OPEN_S + 15)
            except Exception as stuck:  # noqa: BLE001
                opening.cancel()
                browser, error = None, stuck
            if browser is not None:
                return browser
            LOG.warning("the image browser did not start (attempt %d): %s", attempt + 1, _reason(error))
        raise ImagesUnavailable(_("Could not start the browser for image export: {error}").format(
            error=_reason(error)))

    def _discard(self, browser) -> None:
        """Forget a browser that failed; the next image starts a fresh one."""
        with self._lock:
            if self._browser is browser:
                self._browser = None
                asyncio.run_coroutine_threadsafe(_close(browser), self._loop)


def _reason(error: BaseException) -> str:
    """What went wrong, in words: the error's own, else "timed out" for a time-out (whose message is empty),
    else its kind."""
    if str(error):
        return str(error)
    return _("timed out") if isinstance(error, TimeoutError) else type(error).__name__


def _page():
    """kaleido's page: the app's plotly.js, and the script that gives a figure its config (``_with_config``)."""
    import kaleido

    return kaleido.PageGenerator(plotly=str(BUNDLE), mathjax=False, others=[str(IMAGE_CONFIG)])


def _with_config(figure: go.Figure, config: dict):
    """``figure`` to hand to kaleido, which keeps only a figure's data and layout: its plotly ``config`` rides
    in ``layout.meta.config``, which ``static/image-config.js`` moves back in the browser."""
    if not config:
        return figure
    drawn = figure.to_dict()
    drawn["layout"] = {**drawn.get("layout", {}), "meta": {"config": config}}
    return drawn


async def _print(browser, url: str) -> bytes:
    """Open ``url`` in a tab of its own, wait for it to load, print it (the page's CSS size) and close the tab."""
    tab = await browser.create_tab("about:blank")
    try:
        loaded = tab.subscribe_once("Page.loadEventFired")
        await tab.send_command("Page.enable")
        await tab.send_command("Page.navigate", params={"url": url})
        await loaded
        answer = await tab.send_command("Page.printToPDF", params={"preferCSSPageSize": True, "printBackground": True})
        if "error" in answer:
            raise RuntimeError(answer["error"].get("message", answer["error"]))
        return base64.b64decode(answer["result"]["data"])
    finally:
        await browser.close_tab(tab)


_FRAMES_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>html, body {{ margin: 0; overflow: hidden; background: #fff; }} #frame {{ width: {width}px; height: {height}px; }}</style>
<script src="{plotly}"></script><script src="{script}"></script></head><body><div id="frame"></div></body></html>"""


async def _frame_tab(browser, url: str, width: int, height: int):
    """A tab of its own with the frames' page loaded, its window ``width`` × ``height``."""
    tab = await browser.create_tab("about:blank")
    loaded = tab.subscribe_once("Page.loadEventFired")
    await tab.send_command("Page.enable")
    await tab.send_command("Emulation.setDeviceMetricsOverride",
                           params={"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    await tab.send_command("Page.navigate", params={"url": url})
    await loaded
    return tab


async def _draw_frame(tab, figure_json: str, width: int, height: int) -> bytes:
    """Draw the figure (its JSON) on the frames' page and take its picture."""
    drawn = await tab.send_command("Runtime.evaluate", params={
        "expression": f"drawFrame({figure_json})", "awaitPromise": True, "returnByValue": True})
    if "error" in drawn or "exceptionDetails" in drawn.get("result", {}):
        raise RuntimeError(str(drawn.get("error") or drawn["result"]["exceptionDetails"].get("text")))
    shot = await tab.send_command("Page.captureScreenshot", params={
        "format": "png", "optimizeForSpeed": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    if "error" in shot:
        raise RuntimeError(shot["error"].get("message", shot["error"]))
    return base64.b64decode(shot["result"]["data"])


async def _open(browser, within: float):
    """``(browser, None)`` once it is open, else ``(None, the error)`` with the browser closed: a start that
    fails or takes longer than ``within`` seconds ends here, not as a task whose error nobody reads."""
    try:
        await asyncio.wait_for(browser.open(), timeout=within)
        return browser, None
    except Exception as error:  # noqa: BLE001 — choreographer fails in several ways
        await _close(browser)
        return None, error


async def _close(browser) -> None:
    try:
        await asyncio.wait_for(browser.close(), timeout=10)
    except Exception as error:  # closing a broken browser may fail too; it is being dropped anyway
        LOG.warning("could not close the image browser: %s", error)
