// The video renderer's page (dashboard/output/images.py, ``ImageRenderer.frames``): one graph, redrawn for each
// frame of a playback by Plotly.react (only what changed is drawn again), whose picture the browser then takes.
// A figure's plotly config rides in layout.meta.config, as for the image renderer (static/image-config.js).
(function () {
  "use strict";
  window.drawFrame = function (figure) {
    var layout = Object.assign({}, figure.layout);
    var config = Object.assign({staticPlot: true}, layout.meta && layout.meta.config);
    delete layout.meta;
    return Plotly.react(document.getElementById("frame"), figure.data, layout, config).then(function () {
      return true;
    });
  };
})();
