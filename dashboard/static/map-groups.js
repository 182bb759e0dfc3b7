// A map's shared places: events a source puts at one place are one mark there with their count. A click on
// the count shows them spread around the place, each on a thin line back to it (the figure carries them,
// hidden); a second click folds them back. Used by the dashboard, its embeds and the stories.
window.conflictMapGroups = (function () {
  "use strict";

  function toggle(graph, curve) {
    var trace = graph && graph.data && graph.data[curve];
    var match = trace && typeof trace.name === "string" && /^group:(\d+)$/.exec(trace.name);
    if (!match) return false;
    var spread = [], shown = false;
    graph.data.forEach(function (other, index) {
      if (other.name === "spread:" + match[1] || other.name === "spread-lines:" + match[1]) {
        spread.push(index);
        shown = shown || other.visible === true;
      }
    });
    if (spread.length) Plotly.restyle(graph, {visible: !shown}, spread);
    return spread.length > 0;
  }

  function watch(graph) {
    if (!graph || graph.dataset.groupsWatched) return;
    graph.dataset.groupsWatched = "1";
    graph.on("plotly_click", function (event) {
      if (event && event.points && event.points.length) toggle(graph, event.points[0].curveNumber);
    });
  }

  return {toggle: toggle, watch: watch};
})();
