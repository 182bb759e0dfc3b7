// Draws the figure that /embed/<chart> carries as JSON data (no inline script: CSP-friendly).
(function () {
  var data = JSON.parse(document.getElementById("figure").textContent);
  Plotly.newPlot("chart", data.data, data.layout, {responsive: true, displaylogo: false});
})();
