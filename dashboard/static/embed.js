// Draws the figure that /embed/<chart> carries as JSON data (no inline script: CSP-friendly). The figure's
// labels were placed for the width in data-width; a frame much wider or narrower asks once for its own.
(function () {
  "use strict";
  var STEP = 40;
  var chart = document.getElementById("chart");
  var built = Number(chart.getAttribute("data-width"));
  var actual = Math.round(document.documentElement.clientWidth / STEP) * STEP;
  var url = new URL(window.location.href);
  if (actual >= 300 && Math.abs(actual - built) > 2 * STEP && !url.searchParams.has("width")) {
    url.searchParams.set("width", String(actual));
    window.location.replace(url.href);
    return;
  }
  var data = JSON.parse(document.getElementById("figure").textContent);
  var config = JSON.parse(document.getElementById("config").textContent);  // the reader's locale with it
  Plotly.newPlot(chart, data.data, data.layout, config).then(function () {
    if (window.conflictMapGroups) window.conflictMapGroups.watch(chart);
  });
})();
