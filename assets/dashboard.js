// Clientside callbacks of the dashboard, called from Python through ClientsideFunction("dashboard", name).
// They only touch the browser (sizes, clipboard, the grid's cache, Plotly's zoom); every figure and every
// path is made on the server.
(function () {
  "use strict";

  function noUpdate() {
    return window.dash_clientside.no_update;
  }

  function graphDiv(graphId) {
    var holder = document.getElementById(graphId);
    return holder ? holder.querySelector(".js-plotly-plot") : null;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    dashboard: {
      // The width (CSS px, in the chart's steps) a chart is drawn at, so the server lays it out for it.
      chartWidth: function (relayout, graphId, current) {
        var holder = document.getElementById(graphId);
        if (!holder || !current) { return noUpdate(); }
        var width = Math.round(holder.getBoundingClientRect().width / current.step) * current.step;
        return width > 0 && width !== current.width ? {width: width, step: current.step} : noUpdate();
      },

      // The view the charts draw: the URL's query, once it differs from what the page came drawn for.
      viewQuery: function (search, current) {
        return (search || "") === (current || "") ? noUpdate() : (search || "");
      },

      // The reader's zoom, from Plotly's relayout events: [start, end], or null for the view's own frame. A new
      // view (the URL) starts unzoomed. Written here, before the server draws, so every redraw carries it.
      // A map's zoom is {scale, lon, lat}: Plotly's geo scale and centre (null when back at the full extent).
      zoom: function (search, relayout, current, graphId) {
        var trigger = window.dash_clientside.callback_context.triggered_id;
        if (trigger === "url" || !relayout) {
          return current === null || current === undefined ? noUpdate() : null;
        }
        if (relayout["geo.projection.scale"] !== undefined || relayout["geo.center.lon"] !== undefined) {
          var plot = document.querySelector("#" + graphId + " .js-plotly-plot");
          var geo = plot && plot._fullLayout && plot._fullLayout.geo;
          if (!geo) { return noUpdate(); }
          var scale = geo.projection.scale;
          if (!(scale > 1.001)) { return null; }
          return {scale: Math.round(scale * 1000) / 1000, lon: Math.round(geo.center.lon * 1000) / 1000,
                  lat: Math.round(geo.center.lat * 1000) / 1000};
        }
        if (relayout["xaxis.autorange"]) { return null; }
        var range = relayout["xaxis.range"] ||
          (relayout["xaxis.range[0]"] !== undefined ? [relayout["xaxis.range[0]"], relayout["xaxis.range[1]"]] : null);
        return range ? [String(range[0]), String(range[1])] : noUpdate();
      },

      // A quick-range button zooms the timeline like a drag would; the relayout then redraws it on the server.
      applyPreset: function (clicks, presets, graphId) {
        var trigger = window.dash_clientside.callback_context.triggered_id;
        var graph = graphDiv(graphId);
        if (!trigger || !graph || !presets || !presets[trigger.index]) { return noUpdate(); }
        var range = presets[trigger.index];
        window.Plotly.relayout(graph, {"xaxis.range[0]": range[0], "xaxis.range[1]": range[1]});
        return range;
      },

      // The Embed dialog: iframe snippets for the server-made paths, as absolute URLs of this origin.
      embedCode: function (clicks, embeds) {
        var snippets = (embeds || []).map(function (embed) {
          // the public address when the server has one (DASHBOARD_PUBLIC_URL), else the one in the address bar
          var url = embed.url || new URL(embed.path, window.location.href).href;
          return '<iframe src="' + url + '" width="100%" height="' + embed.height + '" style="border:0" title="' +
            embed.title + ' of conflict events" loading="lazy"></iframe>';
        });
        var local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(window.location.hostname);
        var onlyHere = local && !(embeds || []).some(function (embed) { return embed.url; });
        return [true, !onlyHere].concat(snippets);
      },

      // On a phone the filters slide over the page (see dashboard.css); "Done" closes them again.
      toggleFilters: function (clicks, done, open, toggleId) {
        var trigger = window.dash_clientside.callback_context.triggered_id;
        var next = trigger === toggleId ? !open : false;
        return [next, next ? "Hide filters" : "Show filters"];
      },

      // A tap in the agenda: bring the event's details into view (on a phone they are further down).
      showDetails: function (clicks, detailsId, className) {
        if (!(clicks || []).some(function (n) { return n; })) { return noUpdate(); }
        var details = document.getElementById(detailsId);
        if (details && window.innerWidth < 768) {
          window.setTimeout(function () { details.scrollIntoView({behavior: "smooth", block: "start"}); }, 150);
        }
        return noUpdate();
      },

      currentHref: function (clicks, publicUrl) {
        return publicUrl ? publicUrl + "/" + window.location.search : window.location.href;
      },

      shareLink: function (search, publicUrl) {
        return (publicUrl ? publicUrl + "/" : window.location.origin + window.location.pathname) + (search || "");
      },

      // The table pages from the server: when the view changes, drop the pages it holds.
      reloadTable: function (search, loader) {
        if (window.dash_ag_grid && window.dash_ag_grid.getApiAsync && document.getElementById(loader.grid)) {
          window.dash_ag_grid.getApiAsync(loader.grid).then(function (api) { api.purgeInfiniteCache(); });
        }
        return search || "";
      },

      // The table's code is not part of the first view: load it when the table's slot comes into view
      // (or at once where there is no IntersectionObserver), then ask the server for the grid. Watching
      // starts once the charts above it have their size, so the slot is where it will stay.
      watchTable: function (loader, slotId, chartId) {
        var slot = document.getElementById(slotId);
        if (!slot || !loader || slot.dataset.watched) { return noUpdate(); }
        slot.dataset.watched = "yes";
        var started = false;
        function show() {
          if (started) { return; }
          started = true;
          var ready = function () { window.dash_clientside.set_props(loader.shown, {data: true}); };
          if (window.dash_ag_grid) { ready(); return; }
          var script = document.createElement("script");
          script.src = loader.script;
          script.onload = ready;
          document.head.appendChild(script);
        }
        if (!("IntersectionObserver" in window)) { show(); return noUpdate(); }
        var waited = 0;
        (function whenLaidOut() {
          var chart = document.getElementById(chartId);
          var drawn = chart && (chart.querySelector(".main-svg") || chart.offsetParent === null);
          if (!drawn && waited < 5000) { waited += 100; window.setTimeout(whenLaidOut, 100); return; }
          var watcher = new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) { watcher.disconnect(); show(); }
          }, {rootMargin: "200px"});
          watcher.observe(slot);
        })();
        return noUpdate();
      },

      // A click in the table, handed to the URL's callback (which is there before the table is).
      spreadPlace: function (click, mapId) {
        // a click on a shared place's count spreads its events around it (static/map-groups.js)
        var graph = document.querySelector("#" + mapId + " .js-plotly-plot");
        if (click && click.points && click.points.length && window.conflictMapGroups) {
          window.conflictMapGroups.toggle(graph, click.points[0].curveNumber);
        }
        return noUpdate();
      },
      tableClick: function (cell) {
        return cell || noUpdate();
      }
    }
  });
})();
