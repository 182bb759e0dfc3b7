// The story draft: "Add to story" keeps the page's view as the next step, in this browser's local storage;
// "Story draft" opens an editor (reorder, headline, text, title, byline), a preview (posted to the server,
// which renders it and keeps nothing) and the story file to download and commit.
(function () {
  "use strict";
  var KEY = "conflict-timeline.story-draft";

  function load() {
    try {
      var draft = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (draft && Array.isArray(draft.steps)) return draft;
    } catch (e) { /* a damaged draft starts over */ }
    return {title: "", byline: "", steps: []};
  }

  function save(draft) { window.localStorage.setItem(KEY, JSON.stringify(draft)); }

  function oneLine(text) { return String(text || "").replace(/[\r\n]+/g, " ").trim(); }

  // A step's text, kept from starting a new step or a heading: a line beginning with "#" is escaped.
  function body(text) {
    return String(text || "").replace(/\r\n?/g, "\n").trim().split("\n").map(function (line) {
      return /^\s{0,3}#/.test(line) ? line.replace("#", "\\#") : line;
    }).join("\n");
  }

  function storyFile(draft) {
    var lines = ["---", "title: " + (oneLine(draft.title) || "Untitled story"), "byline: " + oneLine(draft.byline),
      "---", ""];
    draft.steps.forEach(function (step, i) {
      lines.push("## " + (oneLine(step.headline) || "Step " + (i + 1)), "view: " + step.view, "", body(step.text), "");
    });
    return lines.join("\n");
  }

  function slug(title) {
    var made = oneLine(title).toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (made || "story").slice(0, 60).replace(/-+$/, "");
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  var quiet = null;
  function announce(text) {
    var status = document.querySelector("[data-story-status]");
    if (!status) return;
    status.textContent = text;
    window.clearTimeout(quiet);
    quiet = window.setTimeout(function () { status.textContent = ""; }, 6000);
  }

  function label(draft) {
    var count = draft.steps.length;
    document.querySelectorAll("[data-story-action=open]").forEach(function (button) {
      button.textContent = count ? "Story draft (" + count + ")" : "Story draft";
    });
  }

  function field(name, value, text, multiline, onInput) {
    var id = "story-draft-" + name;
    var input = el(multiline ? "textarea" : "input", {id: id, class: "form-control form-control-sm"});
    if (multiline) input.rows = 4; else input.type = "text";
    input.value = value || "";
    input.addEventListener("input", function () { onInput(input.value); });
    return el("div", {class: "mb-2"}, [el("label", {for: id, class: "form-label small mb-0", text: text}), input]);
  }

  function editor(button) {
    var dialog = document.getElementById("story-draft-dialog");
    if (dialog) dialog.remove();
    var draft = load();
    dialog = el("dialog", {id: "story-draft-dialog", class: "story-draft", "aria-labelledby": "story-draft-heading"});
    var download = el("a", {class: "btn btn-sm btn-primary", "data-story-download": "", text: "Download story file"});
    var warning = el("p", {class: "small text-danger mb-2", role: "status"});
    function changed() {
      save(draft);
      label(draft);
      var text = storyFile(draft);
      download.setAttribute("href", "data:text/markdown;charset=utf-8," + encodeURIComponent(text));
      download.setAttribute("download", slug(draft.title) + ".md");
      var empty = draft.steps.map(function (s, i) { return s.text && s.text.trim() ? null : i + 1; })
        .filter(function (n) { return n; });
      warning.textContent = empty.length ? "Write the text of step " + empty.join(", ") + " before you publish." : "";
    }
    var list = el("ol", {class: "story-draft-steps list-unstyled"});
    function move(from, to) {
      var step = draft.steps.splice(from, 1)[0];
      draft.steps.splice(to, 0, step);
      changed();
      render();
      var moved = list.querySelector('[data-step="' + (to + 1) + '"]');
      var again = moved.querySelector('[data-move="' + (to < from ? "up" : "down") + '"]');
      // At the end of its road the step keeps the focus on its headline, so Enter cannot bounce it back.
      (again.disabled ? moved.querySelector("input") : again).focus();
    }
    function render() {
      list.textContent = "";
      if (!draft.steps.length) {
        list.appendChild(el("li", {class: "text-muted small",
          text: "No steps yet: set up a view in the dashboard and press “Add to story”."}));
      }
      draft.steps.forEach(function (step, i) {
        var n = i + 1;
        var up = el("button", {type: "button", class: "btn btn-sm btn-light", "data-move": "up",
          "aria-label": "Move step " + n + " up", text: "↑"});
        var down = el("button", {type: "button", class: "btn btn-sm btn-light", "data-move": "down",
          "aria-label": "Move step " + n + " down", text: "↓"});
        var remove = el("button", {type: "button", class: "btn btn-sm btn-outline-danger",
          "aria-label": "Remove step " + n, text: "Remove"});
        up.disabled = i === 0;
        down.disabled = i === draft.steps.length - 1;
        up.addEventListener("click", function () { move(i, i - 1); });
        down.addEventListener("click", function () { move(i, i + 1); });
        remove.addEventListener("click", function () {
          draft.steps.splice(i, 1);
          changed();
          render();
          var next = list.querySelector('[data-step="' + Math.min(n, draft.steps.length) + '"] input');
          (next || dialog.querySelector("#story-draft-title")).focus();  // never leave the focus on nothing
        });
        var view = el("a", {href: "?" + step.view, class: "small text-truncate", text: step.view || "(everything)",
          title: "Open this step's view"});
        list.appendChild(el("li", {class: "story-draft-step border rounded p-2 mb-2", "data-step": String(n)}, [
          el("div", {class: "d-flex align-items-center gap-1 mb-1"}, [
            el("strong", {class: "me-2", text: "Step " + n}), view, el("span", {class: "ms-auto"}), up, down, remove]),
          field("headline-" + n, step.headline, "Headline", false, function (v) { step.headline = v; changed(); }),
          field("text-" + n, step.text, "Text (Markdown: *emphasis*, **bold**, [links](https://…), lists)", true,
            function (v) { step.text = v; changed(); }),
        ]));
      });
    }
    var form = el("form", {method: "post", action: button.getAttribute("data-preview"), target: "_blank", hidden: ""},
      [el("textarea", {name: "story"})]);
    var preview = el("button", {type: "button", class: "btn btn-sm btn-outline-primary", text: "Preview"});
    preview.addEventListener("click", function () { form.elements.story.value = storyFile(draft); form.submit(); });
    var clear = el("button", {type: "button", class: "btn btn-sm btn-outline-danger", text: "Clear draft"});
    clear.addEventListener("click", function () {
      if (window.confirm("Remove every step of this draft?")) { draft = {title: "", byline: "", steps: []}; changed(); render(); }
    });
    var close = el("button", {type: "button", class: "btn btn-sm btn-secondary ms-auto", text: "Close"});
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(el("div", {class: "p-3"}, [
      el("h2", {id: "story-draft-heading", class: "h5", text: "Story draft"}),
      el("p", {class: "small text-muted", text: "Kept in this browser only. Download the file and add it to the "
        + "stories folder (data/stories) to publish it; “python -m dashboard validate” checks it."}),
      field("title", draft.title, "Title", false, function (v) { draft.title = v; changed(); }),
      field("byline", draft.byline, "Byline and credits", false, function (v) { draft.byline = v; changed(); }),
      list, warning,
      el("div", {class: "d-flex flex-wrap gap-2"}, [preview, download, clear, close]),
      form,
    ]));
    document.body.appendChild(dialog);
    render();
    changed();
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-story-action]");
    if (!button) return;
    var draft = load();
    var menu = button.closest(".dropdown");
    var toggle = menu && menu.querySelector(".dropdown-toggle[aria-expanded=true]");
    if (toggle) toggle.click();  // plain buttons in a menu do not close it by themselves
    if (button.getAttribute("data-story-action") === "add") {
      // The view's own parameters only (no tracking tags or typos the page already ignored).
      var known = (button.getAttribute("data-params") || "").split(",");
      var kept = new URLSearchParams();
      new URLSearchParams(window.location.search).forEach(function (value, key) {
        if (known.indexOf(key) >= 0) kept.append(key, value);
      });
      draft.steps.push({view: kept.toString(), headline: "", text: ""});
      save(draft);
      label(draft);
      announce("Added as step " + draft.steps.length + " of your story draft.");
    } else {
      editor(button);
    }
  });
  // The menu's items are put in the page when it opens: label the draft's item on every click.
  document.addEventListener("click", function () { window.setTimeout(function () { label(load()); }, 0); });
  window.addEventListener("storage", function (event) { if (event.key === KEY) label(load()); });
})();
