// The player (#24): plays the view through time in the browser. Play fetches what to play once
// (/playback/frames.json, dashboard/output/play.py); every frame after that is drawn here, on
// requestAnimationFrame, by fading the marks Plotly drew — no request per frame, no Plotly redraw. Pausing
// writes the frame's day into the URL ("at"), and the server draws the paused frame like any view.
//
// Honest in time: a one-day event flares on its day and fades over the window; a span stays lit from its
// start to its end; an imprecise date is faint across its whole window, never a flash on a guessed day; a
// scheduled event shows as scheduled (faint diamond) from the source's publication until its day.
//
// ``conflictPlayback.create(bar, host)`` makes a player of a bar of controls (dashboard/charts/player.py) for
// the charts ``host`` names: the dashboard's page (``conflictPlayback.page``, below) and a story's steps
// with a ``play:`` line (static/story.js). Host: timeline() and map() give the graph divs, query() the
// view's query, prefix the app's path, writeAt(day) keeps a paused frame (or null), countId the id of the
// page's count (the player shows its own beside it), speed a speed to start at ("1w").
window.conflictPlayback = (function () {
  "use strict";

  var DAY_MS = 86400000;
  var TRAIL_FLOOR = 0.3;     // a past one-day event at the far end of the window
  var FAINT = 0.4;           // an imprecise date, across its window
  var SCHEDULED = 0.45;      // a scheduled event before its day
  var OUTSIDE_BAR = 0.12;    // a count bar outside the window
  var STEP_MS = 1200;        // with reduced motion: one window per step
  var UNIT_DAYS = {d: 1, w: 7, m: 30.436875, y: 365.2425};

  function iso(day) { return new Date(Math.floor(day) * DAY_MS).toISOString().slice(0, 10); }
  function dayOf(text) { return Math.floor(Date.parse(String(text).slice(0, 10) + "T00:00:00Z") / DAY_MS); }
  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function create(bar, host) {
    if (bar.conflictPlayer) {  // one player per bar: another host (a story's next step) takes it over
      bar.conflictPlayer.rehost(host);
      return bar.conflictPlayer;
    }
    var answer = null, answerKey = null, loading = null;
    var at = null, playing = false, raf = null, stepper = null, last = null, speedDays = null;
    var cache = {};
    var stats = {frames: 0, ms: 0, worst: 0, started: null, firstFrameMs: null, pressed: null};
    function part(name) { return bar.querySelector(".player-" + name); }
    function graph(which) { return host[which](); }

    // ---- time: the window of a frame, as dashboard/query/playback.py defines it ----------------------------

    function addMonths(day, months) {
      var d = new Date(day * DAY_MS);
      var y = d.getUTCFullYear(), m = d.getUTCMonth() + months, date = d.getUTCDate();
      var year = y + Math.floor(m / 12), month = ((m % 12) + 12) % 12;
      var lastDate = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      return Math.floor(Date.UTC(year, month, Math.min(date, lastDate)) / DAY_MS);
    }

    function monthsOf(win) { return win.unit === "y" ? 12 * win.count : win.count; }

    function windowStart(a) {
      var win = answer.window;
      if (answer.mode === "cumulative") { return answer.first; }
      if (win.unit === "d" || win.unit === "w") { return a - (win.count * (win.unit === "w" ? 7 : 1) - 1); }
      return addMonths(a, -monthsOf(win)) + 1;
    }

    function trailDays() {
      var win = answer.window;
      return Math.max(1, win.count * UNIT_DAYS[win.unit]);
    }

    function nextEnd(a) {
      var win = answer.window;
      if (win.unit === "d" || win.unit === "w") { return a + win.count * (win.unit === "w" ? 7 : 1); }
      return addMonths(a, monthsOf(win));
    }

    function previousEnd(a) { return answer.mode === "cumulative" ? a - trailDays() : windowStart(a) - 1; }

    // The days of the timeline's visible frame (null where no timeline is drawn: a phone shows the agenda).
    function visibleRange() {
      var gd = graph("timeline");
      var axis = gd && gd.offsetParent !== null && gd._fullLayout && gd._fullLayout.xaxis;
      if (!axis || !axis.range) { return null; }
      return [Math.ceil(Date.parse(axis.range[0]) / DAY_MS), Math.floor(Date.parse(axis.range[1]) / DAY_MS)];
    }

    // The days played: the timeline's visible frame within the view's time (the whole time on a phone).
    function playRange() {
      var lo = answer.first, hi = answer.last, shown = visibleRange();
      if (shown) {
        lo = Math.max(lo, shown[0]);
        hi = Math.min(hi, shown[1]);
      }
      return hi >= lo ? [lo, hi] : [answer.first, answer.last];
    }

    // The frame the URL is paused on, if any (the "Paused on" control writes it).
    function urlAt() {
      var text = new URLSearchParams(host.query()).get("at");
      return text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? dayOf(text) : null;
    }

    function startDay(range) {
      var paused = urlAt();
      if (paused !== null && paused >= range[0] && paused < range[1]) { return paused; }
      if (answer.mode === "cumulative") { return range[0]; }
      return Math.min(range[1], Math.max(range[0], nextEnd(range[0] - 1)));
    }

    // ---- what each mark shows in a frame -----------------------------------------------------------------

    function eventAlpha(i, s, a) {
      var ev = answer.events, start = ev.start[i], end = ev.end[i];
      if (start > a || end < s) {
        var announced = answer.published !== null ? a >= answer.published : start - a <= trailDays();
        return ev.scheduled[i] && start > a && announced ? SCHEDULED : 0;
      }
      if (!ev.precise[i]) { return FAINT; }
      if (ev.kind[i] === "span" && a <= end) { return 1; }
      var age = a - end;  // days since it happened (or ended): the trail fades over the window
      return Math.max(TRAIL_FLOOR, 1 - (1 - TRAIL_FLOOR) * Math.min(1, age / trailDays()));
    }

    function prepare(data) {
      answer = data;
      answer.index = {};
      if (answer.events) {
        answer.events.id.forEach(function (id, i) { answer.index[id] = i; });
      }
      if (answer.kind === "counts") {
        var c = answer.counts, cells = c.lon.length, bins = c.bins;
        c.key = {};
        c.lon.forEach(function (lon, i) { c.key[lon.toFixed(5) + "," + c.lat[i].toFixed(5)] = i; });
        c.S = new Int32Array((cells + 1) * bins);
        c.E = new Int32Array((cells + 1) * bins);
        [["starts", c.S], ["ends", c.E]].forEach(function (pair) {
          // each cell once, with its rows: bins as steps from the one before, and counts (output/play.py)
          var part = c[pair[0]], into = pair[1], row = 0;
          part.cells.forEach(function (index, k) {
            var cell = index < 0 ? cells : index, bin = 0;
            for (var r = 0; r < part.runs[k]; r++, row++) {
              bin += part.steps[row];
              into[cell * bins + bin] += part.n[row];
            }
          });
          for (var k = 0; k <= cells; k++) {
            for (var b = 1; b < bins; b++) { into[k * bins + b] += into[k * bins + b - 1]; }
          }
        });
        c.cells = cells;
      }
    }

    // Bin 0 is before the answer's first day, the last bin after its span (dashboard/query/counting.py).
    function binOf(c, day) { return Math.max(0, Math.min(c.bins - 1, Math.floor((day - c.first) / c.bin_days) + 1)); }

    function cellActive(c, k, s, a) {
      var hi = binOf(c, a), lo = binOf(c, s) - 1;
      return c.S[k * c.bins + hi] - (lo >= 0 ? c.E[k * c.bins + lo] : 0);
    }

    // ---- the marks Plotly drew, found once per drawing ---------------------------------------------------

    function marksOf(gd) {
      var kept = cache[gd.id || gd.parentNode.id];
      if (kept && kept.calcdata === gd.calcdata) { return kept.marks; }
      var marks = [];
      gd.querySelectorAll("g.trace").forEach(function (group) {
        var cd = group.__data__, trace = cd && cd[0] && cd[0].trace;
        if (!trace) { return; }
        var meta = trace.meta || {};
        var points = group.querySelectorAll("path.point, g.point > path, g.textpoint");
        points.forEach(function (node) {
          var datum = node.__data__ || (node.parentNode && node.parentNode.__data__);
          var i = datum && datum.i !== undefined ? datum.i : null;
          var mark = {node: node, base: parseFloat(node.style.opacity || "1") || 1, shown: null};
          if (meta.events) {
            mark.ids = meta.events;
          } else if (meta.cell !== undefined && i !== null) {
            mark.cell = Number(trace.lon[i]).toFixed(5) + "," + Number(trace.lat[i]).toFixed(5);
          } else if (trace.type === "bar" && trace.orientation !== "h" && i !== null) {
            var x = trace.x[i], width = Array.isArray(trace.width) ? trace.width[i] : trace.width;
            var middle = typeof x === "string" ? Date.parse(x.replace(" ", "T") + "Z") : Number(x);
            mark.span = [(middle - width / 2) / DAY_MS, (middle + width / 2) / DAY_MS];
          } else if (i !== null && trace.customdata && Array.isArray(trace.customdata[i])) {
            mark.id = trace.customdata[i][0];
          } else {
            return;
          }
          marks.push(mark);
        });
      });
      (gd._fullLayout.annotations || []).forEach(function (note, i) {
        var named = typeof note.name === "string" && /^label:(.+)$/.exec(note.name);
        var node = named && gd.querySelector('g.annotation[data-index="' + i + '"]');
        if (node) { marks.push({node: node, base: 1, id: named[1], shown: null}); }
      });
      cache[gd.id || gd.parentNode.id] = {calcdata: gd.calcdata, marks: marks};
      return marks;
    }

    function markAlpha(mark, s, a, active) {
      if (mark.span) { return mark.span[1] > s && mark.span[0] <= a + 1 ? 1 : OUTSIDE_BAR; }
      if (mark.cell !== undefined) { return active.cells(mark.cell); }
      if (mark.ids) {
        return mark.ids.reduce(function (most, id) { return Math.max(most, active.event(id)); }, 0);
      }
      return active.event(mark.id);
    }

    // ---- drawing a frame -----------------------------------------------------------------------------------

    function draw() {
      var began = performance.now();
      var a = Math.floor(at), s = windowStart(a), shown = 0, alphas = {};
      var active = {event: function () { return null; }, cells: function () { return null; }};
      if (answer.events) {
        for (var i = 0; i < answer.events.id.length; i++) {
          alphas[answer.events.id[i]] = eventAlpha(i, s, a);
          if (answer.kind === "events" && answer.events.start[i] <= a && answer.events.end[i] >= s) { shown++; }
        }
        active.event = function (id) { return id in alphas ? alphas[id] : null; };
      }
      if (answer.kind === "counts") {
        var c = answer.counts, counts = new Float64Array(c.cells + 1), most = 0;
        for (var k = 0; k <= c.cells; k++) {
          counts[k] = cellActive(c, k, s, a);
          shown += counts[k];
          if (k < c.cells) { most = Math.max(most, counts[k]); }
        }
        active.cells = function (key) {
          var index = c.key[key];
          if (index === undefined) { return null; }
          return counts[index] > 0 ? 0.25 + 0.75 * Math.sqrt(counts[index] / Math.max(most, 1)) : 0;
        };
      }
      ["timeline", "map"].forEach(function (which) {
        var gd = graph(which);
        if (!gd || !gd.calcdata) { return; }
        marksOf(gd).forEach(function (mark) {
          var alpha = markAlpha(mark, s, a, active);
          if (alpha === null) { return; }
          var value = Math.round(mark.base * alpha * 100) / 100;
          if (value !== mark.shown) { mark.node.style.opacity = value; mark.shown = value; }
        });
      });
      band(s, a);
      say(shown, a);
      var spent = performance.now() - began;
      stats.frames++;
      stats.ms += spent;
      stats.worst = Math.max(stats.worst, spent);
      if (stats.firstFrameMs === null && stats.pressed !== null) { stats.firstFrameMs = performance.now() - stats.pressed; }
    }

    // The window on the timeline: a band over the plot, with the frame in words.
    function band(s, a) {
      var gd = graph("timeline");
      var axis = gd && gd._fullLayout && gd._fullLayout.xaxis;
      if (!gd || !axis || !axis.c2p || gd.offsetParent === null) { return; }
      var holder = gd.parentNode, shade = holder.querySelector(".player-band");
      if (!shade) {
        shade = document.createElement("div");
        shade.className = "player-band";
        shade.setAttribute("aria-hidden", "true");
        shade.style.cssText = "position:absolute;pointer-events:none;z-index:1;background:rgba(13,110,253,.10);" +
          "border-left:1px solid rgba(13,110,253,.5);border-right:2px solid rgba(13,110,253,.8)";
        var words = document.createElement("span");
        words.style.cssText = "position:absolute;bottom:2px;right:4px;font-size:.75rem;color:#0a3d91;white-space:nowrap;" +
          "background:rgba(255,255,255,.85);padding:0 .25rem;border-radius:2px";
        shade.appendChild(words);
        if (window.getComputedStyle(holder).position === "static") { holder.style.position = "relative"; }
        holder.appendChild(shade);
      }
      var size = gd._fullLayout._size, plot = gd.getBoundingClientRect(), box = holder.getBoundingClientRect();
      var left = Math.max(axis.c2p(s * DAY_MS), 0), right = Math.min(axis.c2p((a + 1) * DAY_MS), size.w);
      shade.hidden = right <= left;
      shade.style.left = (plot.left - box.left + size.l + left) + "px";
      shade.style.width = Math.max(2, right - left) + "px";
      shade.style.top = (plot.top - box.top + size.t) + "px";
      shade.style.height = size.h + "px";
      shade.firstChild.textContent = answer.words.frame.replace("{day}", formatDay(a));
    }

    // A day as the server writes one (dashboard/language/formats.py: "d MMM y"), with the answer's month names.
    function formatDay(day) {
      var d = new Date(day * DAY_MS), months = answer ? answer.words.months : JSON.parse(bar.dataset.months || "[]");
      return d.getUTCDate() + " " + (months[d.getUTCMonth()] || d.getUTCMonth() + 1) + " " + d.getUTCFullYear();
    }

    // The count while playing: a node of the player's own beside the page's count, which is hidden meanwhile
    // (``.player-counting`` on the body; the page's count is the server's to write, so it is left untouched) and
    // comes back once the server has written the paused frame's count, or after a while.
    function pageCount() { return host.countId ? document.getElementById(host.countId) : null; }

    function showCount(text) {
      var page = pageCount();
      if (!page) { return; }
      var mine = page.parentNode.querySelector(".player-count");
      if (!mine) {
        mine = document.createElement("output");
        mine.className = "fw-semibold me-auto player-count";
        page.parentNode.insertBefore(mine, page.nextSibling);
      }
      mine.textContent = text;
      document.body.classList.add("player-counting");
    }

    function restoreCount() {
      var page = pageCount();
      if (!page || !document.body.classList.contains("player-counting")) { return; }
      // Watched, not polled: the count goes back the moment the server writes it (a poll's timers can be slowed
      // on a busy machine, and the stale count stayed); a clock, not a number of ticks, bounds the wait.
      var before = page.textContent, box = page.parentNode, finished = false, watcher = null, timer = null;
      function finish() {
        if (finished) { return; }
        finished = true;
        if (watcher) { watcher.disconnect(); }
        window.clearTimeout(timer);
        if (playing) { return; }
        document.body.classList.remove("player-counting");
        document.querySelectorAll(".player-count").forEach(function (node) { node.remove(); });
      }
      if (window.MutationObserver && box) {
        watcher = new MutationObserver(function () {
          var now = pageCount();
          if (!now || now.textContent !== before) { finish(); }
        });
        watcher.observe(box, {childList: true, characterData: true, subtree: true});
      }
      timer = window.setTimeout(finish, 1000);
    }

    function say(shown, a) {
      var words = answer.words.count, category = "other";
      // "of 19 events": the total decides the noun's form, as the page's own count does
      try { category = new Intl.PluralRules(answer.lang).select(answer.total); } catch (error) { category = "other"; }
      var text = (words[category] || words.other || "{shown} / {total}")
        .replace("{shown}", shown.toLocaleString(answer.lang)).replace("{total}", answer.total.toLocaleString(answer.lang));
      showCount(text);
      var scrub = part("scrub");
      if (scrub) {
        scrub.value = String(a);
        scrub.setAttribute("aria-valuetext", formatDay(a));
      }
      var status = part("status");
      if (status) { status.textContent = answer.words.frame.replace("{day}", formatDay(a)); }
    }

    // ---- playing ---------------------------------------------------------------------------------------------

    function answerUrl() {
      var query = new URLSearchParams(host.query());
      query.delete("at");
      var cells = graph("map"), cell = null;
      (cells && cells.data || []).some(function (trace) {
        if (trace.meta && trace.meta.cell !== undefined) { cell = trace.meta.cell; return true; }
        return false;
      });
      if (cell !== null) { query.set("cell", cell); }
      var shown = visibleRange();
      if (shown) { query.set("span", iso(shown[0]) + "," + iso(shown[1])); }
      return host.prefix + "playback/frames.json?" + query.toString();
    }

    function load() {
      var url = answerUrl();
      if (answer && answerKey === url) { return Promise.resolve(answer); }
      if (loading && loading.url === url) { return loading.promise; }
      var promise = fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      }).then(function (data) {
        prepare(data);
        answerKey = url;
        loading = null;
        return answer;
      });
      loading = {url: url, promise: promise};
      return promise;
    }

    function chosenSpeed() {
      var typed = part("speed"), found = /^\s*(\d{1,4})\s*([dwmy])\s*$/i.exec(typed ? typed.value : "");
      if (found && +found[1] > 0) { return +found[1] * UNIT_DAYS[found[2].toLowerCase()]; }
      return speedDays || 7;
    }

    function speedWords() {
      var typed = part("speed"), words = part("speed-words");
      if (!typed || !words || !answer || !answer.speeds) { return; }
      var preset = answer.speeds.presets.filter(function (p) { return p.value === typed.value.trim().toLowerCase(); })[0];
      words.textContent = preset ? preset.label : "";
    }

    function play() {
      stats.pressed = performance.now();
      stats.firstFrameMs = null;
      setPlaying(true);
      var answered = load();
      ["timeline", "map"].forEach(function (which) {  // find the marks while the answer is on its way
        var gd = graph(which);
        if (gd && gd.calcdata) { marksOf(gd); }
      });
      answered.then(function () {
        if (!playing) { return; }
        if (answer.kind === "empty") { setPlaying(false); return; }
        var typed = part("speed");
        if (typed && !typed.value) {
          typed.value = autoSpeed(playRange());
          speedWords();
        }
        speedDays = chosenSpeed();
        var range = playRange(), paused = urlAt();
        if (paused !== null) { at = paused; }
        if (at === null || at >= range[1] || at < range[0]) { at = startDay(range); }
        if (paused !== null) { writeAt(null); }  // the figures come back with every event, to fade
        spanScrubber();
      speedWords();
      stats.frames = 0; stats.ms = 0; stats.worst = 0; stats.started = performance.now();
        draw();
        if (reducedMotion()) {
          stepper = window.setInterval(function () { step(1); if (at >= playRange()[1]) { pause(); } }, STEP_MS);
        } else {
          last = null;
          raf = window.requestAnimationFrame(tick);
        }
      }).catch(function (error) {
        setPlaying(false);
        var status = part("status");
        if (status) { status.textContent = String(error.message || error); }
      });
    }

    function autoSpeed(range) {
      var wanted = Math.max(1, range[1] - range[0] + 1) / 20, best = null;
      answer.speeds.presets.forEach(function (p) {
        if (best === null || Math.abs(Math.log(p.days / wanted)) < Math.abs(Math.log(best.days / wanted))) { best = p; }
      });
      if (host.speed) { return host.speed; }
      return answer.speeds.chosen && /(^|&)speed=/.test(host.query()) ? answer.speeds.chosen : best.value;
    }

    function tick(now) {
      if (!playing) { return; }
      if (last !== null) { at += (now - last) / 1000 * speedDays; }
      last = now;
      var end = playRange()[1];
      if (at >= end) { at = end; draw(); pause(); return; }
      draw();
      raf = window.requestAnimationFrame(tick);
    }

    function stop() {
      if (raf !== null) { window.cancelAnimationFrame(raf); raf = null; }
      if (stepper !== null) { window.clearInterval(stepper); stepper = null; }
    }

    function pause() {
      var wasPlaying = playing;
      stop();
      setPlaying(false);
      if (wasPlaying && at !== null) { writeAt(Math.floor(at)); }
    }

    function step(direction) {
      load().then(function () {
        if (answer.kind === "empty") { return; }
        var range = playRange();
        if (urlAt() !== null) { at = urlAt(); }
        if (at === null) { at = startDay(range); }
        at = Math.max(answer.first, Math.min(answer.last, direction > 0 ? nextEnd(Math.floor(at)) : previousEnd(Math.floor(at))));
        spanScrubber();
        draw();
        if (!playing) { writeAt(Math.floor(at)); }
      });
    }

    // The paused frame is kept by the host (the dashboard: in the URL, through the "Paused on" control).
    function writeAt(day) {
      if (!playing) { restoreCount(); }
      var shade = graph("timeline") && graph("timeline").parentNode.querySelector(".player-band");
      if (shade && !playing) { shade.hidden = true; }  // the server draws the paused frame's own band
      if (host.writeAt) { host.writeAt(day); }
    }

    function setPlaying(now) {
      playing = now;
      var button = part("play");
      if (!button) { return; }
      button.setAttribute("aria-pressed", now ? "true" : "false");
      button.querySelector(".player-label").textContent = now ? bar.dataset.pauseWords : bar.dataset.playWords;
      button.querySelector(".player-icon").textContent = now ? "❚❚" : "▶";
      bar.classList.toggle("playing", now);
    }

    function toggle() { if (playing) { pause(); } else { play(); } }

    // ---- wiring ----------------------------------------------------------------------------------------------

    function typing(target) {
      return target && (target.tagName === "INPUT" && target.type !== "range" || target.tagName === "TEXTAREA" ||
                        target.tagName === "SELECT" || target.isContentEditable);
    }

    // What the controls start from, without asking the server (a page that never plays costs nothing more):
    // the days the timeline shows on the scrubber (the data's, before it is drawn), at the paused frame if any.
    function prime() {
      var scrub = part("scrub"), range = visibleRange() || [dayOf(bar.dataset.first), dayOf(bar.dataset.last)];
      if (!scrub || !(range[1] >= range[0])) { return; }
      var paused = urlAt();
      scrub.min = range[0];
      scrub.max = range[1];
      scrub.value = paused !== null ? paused : range[0];
      scrub.setAttribute("aria-valuetext", formatDay(+scrub.value));
    }

    // The scrubber spans the days played.
    function spanScrubber() {
      var scrub = part("scrub"), range = playRange();
      scrub.min = range[0];
      scrub.max = range[1];
    }

    function wire() {
      part("play").addEventListener("click", toggle);
      part("back").addEventListener("click", function () { step(-1); });
      part("forward").addEventListener("click", function () { step(1); });
      var scrub = part("scrub");
      prime();
      scrub.addEventListener("input", function () {
        if (playing) { stop(); setPlaying(false); }
        var day = +scrub.value;
        load().then(function () {
          if (answer.kind === "empty") { return; }
          at = day;
          draw();
        });
      });
      scrub.addEventListener("change", function () { writeAt(+scrub.value); });
      part("speed").addEventListener("input", function () {
        speedWords();
        if (playing) { speedDays = chosenSpeed(); }
      });
      var card = bar.closest(".card") || bar;
      card.addEventListener("keydown", function (event) {
        if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
        if (event.key === " " || event.key === "Spacebar") {
          if (event.target.tagName === "BUTTON") { return; }  // a button's own Space presses it
          event.preventDefault();
          toggle();
        } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
          if (event.target.type === "range") { return; }  // the scrubber moves by itself
          event.preventDefault();
          event.stopPropagation();  // a story's own ← → move between steps
          step(event.key === "ArrowRight" ? 1 : -1);
        }
      });
      card.addEventListener("mousedown", function (event) {
        if (!event.target.closest("button, input, a, select, textarea")) { bar.focus({preventScroll: true}); }
      });
    }

    wire();
    bar.conflictPlayer = {
      play: play, pause: pause, step: step, stop: function () { stop(); setPlaying(false); },
      rehost: function (next) {
        stop();
        setPlaying(false);
        host = next;
        answer = null;
        answerKey = null;
        at = null;
        cache = {};
        var typed = part("speed");
        if (typed) { typed.value = ""; }
        prime();
      },
      seek: function (text) {
        return load().then(function () { stop(); setPlaying(false); at = dayOf(text); draw(); return iso(at); });
      },
      // what the mark of event ``id`` shows now on the timeline, or the map (its opacity as drawn), for tests
      shown: function (id, which) {
        var gd = graph(which || "timeline"), found = null;
        if (gd && gd.calcdata) {
          marksOf(gd).forEach(function (mark) {
            if (found === null && (mark.id === id || (mark.ids && mark.ids.indexOf(id) >= 0))) { found = mark.shown; }
          });
        }
        return found;
      },
      stats: function () {
        var seconds = stats.started ? (performance.now() - stats.started) / 1000 : 0;
        return {frames: stats.frames, fps: seconds ? stats.frames / seconds : 0,
                meanDrawMs: stats.frames ? stats.ms / stats.frames : 0, worstDrawMs: stats.worst, firstFrameMs: stats.firstFrameMs, at: at === null ? null : iso(at),
                playing: playing, kind: answer ? answer.kind : null};
      }
    };
    return bar.conflictPlayer;
  }

  // The dashboard's page: the bar on the timeline's card, the URL's query, the "Paused on" control.
  var page = null;
  function dashPrefix() {
    try {
      return JSON.parse(document.getElementById("_dash-config").textContent).requests_pathname_prefix || "/";
    } catch (error) {
      return "/";
    }
  }
  function holder(id) { var box = document.getElementById(id); return box ? box.querySelector(".js-plotly-plot") : null; }
  (function watch() {
    var found = document.getElementById("player");
    if (found && !found.dataset.wired) {
      found.dataset.wired = "yes";
      page = create(found, {
        timeline: function () { return holder(found.dataset.timeline); },
        map: function () { return holder(found.dataset.map); },
        query: function () { return window.location.search.replace(/^\?/, ""); },
        prefix: dashPrefix(),
        countId: found.dataset.count,
        writeAt: function (day) {
          if (window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props(found.dataset.atControl, {value: day === null ? null : iso(day)});
          }
        }
      });
    }
    window.setTimeout(watch, 500);
  })();

  return {create: create, page: function () { return page; }};
})();
