// The curation workbench's review (/curate, #27): a card per candidate beside the article, its sentence marked
// there; edit any field, accept, reject, split or merge; the contract's checks run on the server as you go
// (/curate/check, the same as `validate`), and the accepted rows download as the project's CSV.
(function () {
  "use strict";
  var box = document.getElementById("curate-candidates");
  if (!box) { return; }
  var words = JSON.parse(box.dataset.words);
  var fields = JSON.parse(document.getElementById("curate-fields").textContent);
  var rows = JSON.parse(document.getElementById("curate-data").textContent).map(function (row) {
    return {fields: pick(row), confidence: row._confidence, reasons: row._reasons, same: row._same_as,
            accepted: false, rejected: false, problems: []};
  });
  // shown on every card; the others fold under "All fields"
  var FIRST = ["title", "event_type", "status", "date_start", "date_end", "date_precision", "date_text", "location"];
  var status = document.getElementById("curate-status");
  var download = document.getElementById("curate-download");
  var save = document.getElementById("curate-save");  // editor mode only
  var checking = null, asked = 0;

  function pick(row) {
    var out = {};
    fields.forEach(function (f) { out[f.name] = row[f.name] === null || row[f.name] === undefined ? "" : String(row[f.name]); });
    return out;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function input(row, index, spec) {
    var id = "f-" + index + "-" + spec.name, control;
    if (spec.choices) {
      control = el("select", {id: id});
      spec.choices.forEach(function (choice) { control.appendChild(el("option", {value: choice, text: choice})); });
    } else if (spec.name === "date_basis" || spec.name === "geo_basis" || spec.name === "source_excerpt" || spec.name === "summary") {
      control = el("textarea", {id: id, rows: "2"});
    } else {
      control = el("input", {id: id, type: spec.kind === "date" ? "date" : "text"});
    }
    control.value = row.fields[spec.name];
    control.name = spec.name;
    control.title = spec.help;
    control.disabled = row.rejected;
    control.addEventListener("input", function () { row.fields[spec.name] = control.value; changed(); });
    return el("div", {"class": "curate-field", "data-field": spec.name}, [el("label", {"for": id, text: spec.name}), control]);
  }

  function card(row, index) {
    var id = row.fields.event_id, accept = el("input", {type: "checkbox", id: "accept-" + index, "class": "curate-accept"});
    accept.checked = row.accepted;
    accept.disabled = row.rejected;
    accept.addEventListener("change", function () { row.accepted = accept.checked; changed(); });
    var buttons = [
      button(row.rejected ? words.restore : words.reject, "reject", function () {
        row.rejected = !row.rejected; row.accepted = false; draw(); changed();
      }),
      button(words.split, "split", function () { split(index); }),
      index < rows.length - 1 ? button(words.merge, "merge", function () { merge(index); }) : null
    ];
    var head = el("div", {"class": "curate-card-head"}, [
      accept, el("label", {"for": "accept-" + index, text: words.accept}),
      el("span", {"class": "curate-type", text: row.fields.event_type}),
      el("span", {"class": "curate-when", text: row.fields.date_text + " · " + row.fields.date_start +
        (row.fields.date_end && row.fields.date_end !== row.fields.date_start ? " – " + row.fields.date_end : "")}),
      el("span", {"class": "curate-confidence", text: words.confidence + " " + Math.round(row.confidence * 100) + " %"})
    ].concat(buttons));
    var same = row.same && row.same.length ? el("p", {"class": "curate-same", text: words.same.replace("{ids}", row.same.join(", "))}) : null;
    var first = el("div", {"class": "curate-grid"}, fields.filter(function (f) { return FIRST.indexOf(f.name) >= 0; })
      .map(function (f) { return input(row, index, f); }));
    var rest = el("details", {}, [el("summary", {text: words.fields}), el("div", {"class": "curate-grid"},
      fields.filter(function (f) { return FIRST.indexOf(f.name) < 0; }).map(function (f) { return input(row, index, f); }))]);
    var problems = el("ul", {"class": "curate-problems", "aria-live": "polite"});
    row.problems.forEach(function (p) { problems.appendChild(el("li", {text: p})); });
    var section = el("section", {"class": "curate-card" + (row.rejected ? " rejected" : ""), id: "card-" + id, "data-id": id,
                                 "aria-label": row.fields.title}, [
      head, same, el("p", {"class": "curate-why", text: words.why + ": " + (row.reasons || []).join("; ")}), first, rest, problems
    ]);
    section.addEventListener("mouseenter", function () { light(id, true); });
    section.addEventListener("mouseleave", function () { light(id, false); });
    section.addEventListener("focusin", function () { light(id, true); });
    section.addEventListener("focusout", function () { light(id, false); });
    return section;
  }

  function button(text, kind, act) {
    var b = el("button", {type: "button", "class": "curate-" + kind, text: text});
    b.addEventListener("click", act);
    return b;
  }

  function light(id, on) {
    document.querySelectorAll("mark[data-candidates]").forEach(function (mark) {
      if (mark.dataset.candidates.split(" ").indexOf(id) >= 0) { mark.classList.toggle("lit", on); }
    });
  }

  function unique(id) {
    var taken = rows.map(function (r) { return r.fields.event_id; }), n = 2, out = id;
    while (taken.indexOf(out) >= 0) { out = id + "-" + n++; }
    return out;
  }

  function split(index) {
    var copy = JSON.parse(JSON.stringify(rows[index]));
    copy.fields.event_id = unique(rows[index].fields.event_id);
    copy.accepted = false;
    rows.splice(index + 1, 0, copy);
    draw(); changed();
  }

  function merge(index) {
    var a = rows[index].fields, b = rows[index + 1].fields;
    ["actors", "people"].forEach(function (k) {
      var all = (a[k] + "; " + b[k]).split(";").map(function (s) { return s.trim(); }).filter(Boolean);
      a[k] = all.filter(function (v, i) { return all.indexOf(v) === i; }).join("; ");
    });
    if (b.date_start && b.date_start < a.date_start) { a.date_start = b.date_start; }
    if ((b.date_end || b.date_start) > (a.date_end || a.date_start)) { a.date_end = b.date_end || b.date_start; }
    if (a.date_precision !== b.date_precision) { a.date_precision = "approximate"; }
    if (b.source_excerpt && a.source_excerpt.indexOf(b.source_excerpt) < 0) { a.source_excerpt += " … " + b.source_excerpt; }
    rows[index].same = (rows[index].same || []).concat(rows[index + 1].same || []);
    rows.splice(index + 1, 1);
    draw(); changed();
  }

  function draw() {
    box.replaceChildren.apply(box, rows.map(card));
    tally();
  }

  function tally() {
    var accepted = rows.filter(function (r) { return r.accepted && !r.rejected; });
    var blocked = accepted.some(function (r) { return r.problems.length; });
    status.textContent = words.accepted.replace("{n}", accepted.length).replace("{total}", rows.length) +
      (blocked ? " · " + words.problems : "");
    download.disabled = !accepted.length || blocked || checking !== null;
    if (save) { save.disabled = download.disabled; }
  }

  function changed() {
    tally();
    window.clearTimeout(checking);
    download.disabled = true;
    if (save) { save.disabled = true; }
    checking = window.setTimeout(check, 300);
  }

  // The contract's checks on every candidate not rejected, by the server (the same as `validate`).
  function check() {
    var kept = rows.filter(function (r) { return !r.rejected; }), mine = ++asked;
    fetch(box.dataset.check, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": box.dataset.token},
      body: JSON.stringify({rows: kept.map(function (r) { return r.fields; })})})
      .then(function (answer) { return answer.json(); })
      .then(function (answer) {
        if (mine !== asked) { return; }
        checking = null;
        rows.forEach(function (r) { r.problems = []; });
        answer.problems.forEach(function (p) {
          var row = p.row === null ? null : kept[p.row];
          (row ? [row] : kept).forEach(function (r) { r.problems.push(p.message); });
        });
        rows.forEach(function (r) {
          var node = document.getElementById("card-" + r.fields.event_id);
          if (!node) { return; }
          var list = node.querySelector(".curate-problems");
          list.replaceChildren.apply(list, r.problems.map(function (m) { return el("li", {text: m}); }));
          node.classList.toggle("has-problems", r.problems.length > 0);
        });
        tally();
      })
      .catch(function () { checking = null; tally(); });
  }

  document.querySelectorAll("mark[data-candidates]").forEach(function (mark) {
    function go() {
      var target = document.getElementById("card-" + mark.dataset.candidates.split(" ")[0]);
      if (target) { target.scrollIntoView({block: "nearest"}); target.querySelector(".curate-accept").focus(); }
    }
    mark.addEventListener("click", go);
    mark.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
  });

  document.getElementById("curate-download-form").addEventListener("submit", function () {
    document.getElementById("curate-rows").value = JSON.stringify(rows.filter(function (r) {
      return r.accepted && !r.rejected;
    }).map(function (r) { return r.fields; }));
  });

  // Editor mode: the accepted rows appended to the data file served (with the editor's token); saved rows leave
  // the review, so that nothing is saved twice.
  if (save) {
    save.addEventListener("click", function () {
      var accepted = rows.filter(function (r) { return r.accepted && !r.rejected; });
      save.disabled = true;
      fetch(document.getElementById("curate-save-box").dataset.save, {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": box.dataset.token,
                  "X-Editor-Token": document.getElementById("curate-editor-token").value},
        body: JSON.stringify({rows: accepted.map(function (r) { return r.fields; })})})
        .then(function (answer) {
          return answer.ok ? answer.json() : answer.text().then(function (text) { throw new Error(text); });
        })
        .then(function (done) {
          rows = rows.filter(function (r) { return accepted.indexOf(r) < 0; });
          draw();
          status.textContent = words.saved.replace("{n}", done.saved).replace("{file}", done.file)
            .replace("{backup}", done.backup) + (done.reloading ? " " + words.reloading : "");
        })
        .catch(function (error) { status.textContent = String(error.message || error); tally(); });
    });
  }

  draw();
  check();
})();
