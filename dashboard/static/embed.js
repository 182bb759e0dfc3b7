// Draws the figures a page carries as JSON data (no inline script: CSP-friendly): each ".embed-chart" element
// from the script whose id its data-figure names ("figure" when none). An embed (/embed/<chart>: one chart,
// id "chart") was laid out for the width in its data-width; a frame much wider or narrower asks once for its own.
(function () {
  "use strict";
  var STEP = 40;
  var single = document.getElementById("chart");
  if (single && single.hasAttribute("data-width")) {
    var built = Number(single.getAttribute("data-width"));
    var actual = Math.round(document.documentElement.clientWidth / STEP) * STEP;
    var url = new URL(window.location.href);
    if (actual >= 300 && Math.abs(actual - built) > 2 * STEP && !url.searchParams.has("width")) {
      url.searchParams.set("width", String(actual));
      window.location.replace(url.href);
      return;
    }
  }
  var config = JSON.parse(document.getElementById("config").textContent);  // the reader's locale with it
  Array.prototype.forEach.call(document.querySelectorAll(".embed-chart"), function (chart) {
    var data = JSON.parse(document.getElementById(chart.getAttribute("data-figure") || "figure").textContent);
    Plotly.newPlot(chart, data.data, data.layout, config).then(function () {
      if (window.conflictMapGroups) window.conflictMapGroups.watch(chart);
    });
  });
})();
