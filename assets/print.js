// Before printing, lay the charts out again at the page's width (Plotly does not do it by itself).
(function () {
  function resizeCharts() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (chart) { window.Plotly.Plots.resize(chart); });
  }
  window.addEventListener("beforeprint", resizeCharts);
  window.addEventListener("afterprint", resizeCharts);
})();
