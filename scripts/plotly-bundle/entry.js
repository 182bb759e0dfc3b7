// The plotly.js the dashboard ships: the core (scatter, legends, annotations, shapes, range slider, modebar)
// and the two other trace types its charts draw. Add a trace type here when a chart starts using one;
// tests/test_plotly_bundle.py fails while a figure uses a type that is missing.
"use strict";
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/scattergeo")]);
module.exports = Plotly;
