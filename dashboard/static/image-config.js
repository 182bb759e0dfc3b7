// The image renderer's plotly config (loaded after plotly.js in kaleido's page). kaleido hands plotly.js a
// figure's data and layout but drops its config, so a figure to draw in another language carries its config
// (the locale: month names on the axes) in layout.meta.config (dashboard/output/images.py); this moves it back.
(function () {
  "use strict";
  var toImage = Plotly.toImage;
  Plotly.toImage = function (figure, options) {
    var meta = figure && figure.layout && figure.layout.meta;
    if (meta && meta.config) {
      var layout = Object.assign({}, figure.layout);
      delete layout.meta;
      figure = Object.assign({}, figure, {layout: layout, config: Object.assign({}, figure.config, meta.config)});
    }
    return toImage.call(this, figure, options);
  };
})();
