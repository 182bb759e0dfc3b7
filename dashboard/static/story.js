// A story's steps: shows one step's text at a time, draws its figures (fetched per step, or carried in
// the offline file), and moves between steps with the buttons, the dots, ← → Home End, and the address
// (/story/<slug>/<n> on the server, #<n> in the offline file and the preview).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("story-data").textContent);
  var count = data.count;
  var articles = document.querySelectorAll(".story-card");
  var dots = document.querySelectorAll(".story-dots a");
  var prev = document.getElementById("story-prev");
  var next = document.getElementById("story-next");
  var bar = document.querySelector(".story-bar");
  var countText = document.getElementById("story-count");
  var charts = {};  // every chart box of the page, by the chart's name (the server lists them)
  document.querySelectorAll("[data-chart]").forEach(function (box) { charts[box.dataset.chart] = box; });
  var STEP = 40;
  var motion = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var config = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"],
                // On a phone the tool bar would sit on the chart's notes; pinch and drag still zoom and pan.
                displayModeBar: window.matchMedia && window.matchMedia("(max-width: 767px)").matches ? false : "hover"};
  Object.keys(data.plotly || {}).forEach(function (key) { config[key] = data.plotly[key]; });  // the locale
  var fetched = {};
  var current = 0;

  function clamp(n) { return Math.max(1, Math.min(count, n)); }

  function fromAddress() {
    if (data.stepUrl) {
      var last = window.location.pathname.split("/").pop();
      return /^\d+$/.test(last) ? clamp(Number(last)) : 1;
    }
    var hash = window.location.hash.replace("#", "");
    return /^\d+$/.test(hash) ? clamp(Number(hash)) : (current || data.step);
  }

  function address(n) { return data.stepUrl ? data.stepUrl + n + window.location.search : "#" + n; }

  // The charts step n draws (its "show:" line, else the timeline and the map), among the page's boxes.
  function stepCharts(n) {
    var shows = (data.shows && data.shows[n - 1]) || Object.keys(charts);
    return shows.filter(function (name) { return charts[name]; });
  }

  // Only step n's charts are shown, in the page's two places for charts (the first's and the second's: grid
  // areas "timeline" and "map"); the count stays under the first of them.
  function showBoxes(n) {
    var shows = stepCharts(n);
    Object.keys(charts).forEach(function (name) {
      var box = charts[name].closest(".story-chart-box");
      var place = shows.indexOf(name);
      box.hidden = place < 0;
      box.style.gridArea = place === 0 ? "timeline" : (place === 1 ? "map" : "");
      if (place === 0 && countText.parentNode !== box) box.appendChild(countText);
    });
  }

  function widthOf(name) { return Math.round((charts[name].clientWidth || 800) / STEP) * STEP; }

  function figures(n) {
    if (data.figures[n]) return Promise.resolve(data.figures[n]);
    var carried = document.getElementById("story-figures-" + n);  // the offline file carries each step's
    if (carried) {
      data.figures[n] = JSON.parse(carried.textContent);
      return Promise.resolve(data.figures[n]);
    }
    var shows = stepCharts(n);
    var widths = shows.map(function (name) {
      return "&" + charts[name].dataset.width + "=" + widthOf(name);
    }).join("");
    var url = data.figuresUrl + "?" + data.views[n - 1] + widths + "&show=" + shows.join(",");
    if (!fetched[url]) {
      fetched[url] = fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      });
      fetched[url].catch(function () { delete fetched[url]; });
    }
    return fetched[url];
  }

  // Each chart draws one figure at a time; a step asked for meanwhile waits, and only the latest is drawn
  // next (keys pressed faster than a glide lasts skip the steps in between instead of queueing them).
  var latest = {};
  var busy = {};

  function draw(name, kept) {
    latest[name] = kept;
    if (!busy[name]) {
      busy[name] = drawLatest(name).then(function () { delete busy[name]; });
    }
    return busy[name];
  }

  function drawLatest(name) {
    var kept = latest[name];
    delete latest[name];
    if (!kept) return Promise.resolve();
    return drawOne(name, kept).then(function () { return drawLatest(name); });
  }

  function drawOne(name, kept) {
    var graph = charts[name];
    // Plotly changes the objects it is given: draw a copy, so a step seen again has its own frame.
    var figure = JSON.parse(JSON.stringify(kept));
    var range = figure.layout.xaxis && figure.layout.xaxis.range;
    var react = function () {
      return Plotly.react(graph, figure.data, figure.layout, config).then(function () {
        if (window.conflictMapGroups) window.conflictMapGroups.watch(graph);
      });
    };
    if (motion && graph.data && range) {
      // First glide the frame to the new step's, then draw the step's own marks in it.
      return Plotly.animate(graph, {layout: {"xaxis.range": range}},
        {transition: {duration: 500, easing: "cubic-in-out"}, frame: {duration: 500, redraw: false}})
        .then(react, react);
    }
    return Promise.resolve(react());
  }

  // A step with a "play:" line plays its view through time once drawn (static/playback.js), from the server's
  // answer; with reduced motion the player steps a window at a time.
  var playerBar = document.querySelector(".story-player");
  var player = null;

  function playStep(n) {
    var speed = data.plays && data.plays[n - 1];
    if (player) { player.stop(); }
    if (!playerBar || !window.conflictPlayback) { return; }
    playerBar.hidden = !speed;
    if (!speed) { return; }
    player = window.conflictPlayback.create(playerBar, {
      timeline: function () { return charts.timeline || null; },
      map: function () { return charts.map || null; },
      query: function () { return data.views[n - 1]; },
      prefix: data.prefix, speed: speed
    });
    player.play();
  }

  function show(n, how) {
    n = clamp(n);
    if (player && n !== current) { player.stop(); }
    var moved = n !== current;
    current = n;
    articles.forEach(function (article) { article.hidden = Number(article.dataset.step) !== n; });
    dots.forEach(function (dot) {
      if (Number(dot.dataset.step) === n) dot.setAttribute("aria-current", "step");
      else dot.removeAttribute("aria-current");
    });
    var focused = document.activeElement;
    prev.disabled = n === 1;
    next.disabled = n === count;
    if (focused === next && next.disabled) prev.focus();  // a disabled button would drop the focus
    if (focused === prev && prev.disabled) next.focus();
    bar.setAttribute("aria-valuenow", String(n));
    bar.setAttribute("aria-valuetext", data.words.progress[n - 1]);
    bar.firstElementChild.style.width = (100 * n / count) + "%";
    document.title = data.words.titles[n - 1];
    if (how === "push" && moved) history.pushState({step: n}, "", address(n));
    document.body.setAttribute("data-step", String(n));
    document.body.setAttribute("data-drawn", "");
    showBoxes(n);
    figures(n).then(function (made) {
      if (n !== current) return;
      countText.textContent = made.caption;
      return Promise.all(stepCharts(n).map(function (name) { return draw(name, made[name]); })).then(function () {
        if (n === current) {
          document.body.setAttribute("data-drawn", String(n));
          playStep(n);
        }
      });
    }).catch(function (error) {
      countText.textContent = data.words.failed.replace("{error}", error.message);
    });
    if (n < count) figures(n + 1).catch(function () {});
  }

  prev.addEventListener("click", function () { show(current - 1, "push"); });
  next.addEventListener("click", function () { show(current + 1, "push"); });
  dots.forEach(function (dot) {
    dot.addEventListener("click", function (event) {
      event.preventDefault();
      show(Number(dot.dataset.step), "push");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var to = {ArrowRight: current + 1, ArrowLeft: current - 1, Home: 1, End: count}[event.key];
    if (to === undefined) return;
    event.preventDefault();
    show(to, "push");
  });
  window.addEventListener("popstate", function () { show(fromAddress(), "none"); });
  window.addEventListener("hashchange", function () { if (!data.stepUrl) show(fromAddress(), "none"); });
  var resized = null;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(function () { var n = current; current = 0; show(n, "none"); }, 300);
  });
  show(fromAddress(), "none");
})();
