// Small progressive enhancements; every page works without them. Loaded
// in <head>, so that a reader's choice to hide annotations applies before
// the page is first drawn.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "mzshh-annotations";
  // The reader's choice is kept in localStorage. Opened from file://, a
  // browser may refuse storage (Firefox with strict file origins, or
  // storage turned off): then the choice holds for the page only.
  function stored() {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(v) {
    try { window.localStorage.setItem(key, v); } catch (e) { /* page only */ }
  }
  if (stored() === "hidden") root.className += " no-annot";

  function ready() {
    annotationSwitch();
    // Measuring the navigation lays the page out; in the next frame, not
    // at DOMContentLoaded, so that scripts already loaded (the search
    // index's shards) run first. A fresh tab's first layout of Chinese
    // text is slow: on TestBrowserFirstSearch's page this took the first
    // search's median from 362 to 328 ms and from 328 to 298 ms in two
    // runs of alternated fresh tabs (12 and 20 each).
    if (window.requestAnimationFrame) window.requestAnimationFrame(currentInNav);
    else currentInNav();
    filters();
  }

  // On a narrow screen the navigation scrolls sideways: bring the current
  // page's item into view.
  function currentInNav() {
    var list = document.querySelector(".site-nav ul");
    var current = list && list.querySelector("[aria-current]");
    if (!current || list.scrollWidth <= list.clientWidth) return;
    var item = current.parentNode;
    if (item.offsetLeft + item.offsetWidth > list.clientWidth) list.scrollLeft = item.offsetLeft - 14;
  }

  // 隐藏标注 / 显示标注 on a document page: hides every annotation (status
  // words, reference chips, problem panels, the contents), so the page
  // shows the material as written. Without scripts the annotations show.
  function annotationSwitch() {
    var head = document.querySelector(".doc-head");
    if (!head || !document.querySelector(".annot")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "annot-switch";
    function label() {
      var hidden = /(^|\s)no-annot(\s|$)/.test(root.className);
      button.textContent = hidden ? "显示标注" : "隐藏标注";
      button.title = hidden ? "显示整改状态、引用和问题编号等标注" : "只看材料原文，隐藏整改状态、引用和问题编号等标注";
      return hidden;
    }
    button.addEventListener("click", function () {
      if (label()) {
        root.className = root.className.replace(/(^|\s)no-annot(?=\s|$)/g, "");
        store("shown");
      } else {
        root.className += " no-annot";
        store("hidden");
      }
      label();
    });
    label();
    head.appendChild(button);
  }

  // Filters above a table: <form data-filter-table="ID"> with selects named
  // after the rows' data-* attributes.
  function filters() {
    document.querySelectorAll("form[data-filter-table]").forEach(function (form) {
      var table = document.getElementById(form.getAttribute("data-filter-table"));
      if (!table) return;
      var rows = table.tBodies[0].rows;
      var output = form.querySelector("output");
      function apply() {
        var shown = 0;
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i], ok = true;
          form.querySelectorAll("select").forEach(function (s) {
            if (s.value && row.getAttribute("data-" + s.name) !== s.value) ok = false;
          });
          row.hidden = !ok;
          if (ok) shown++;
        }
        if (output) output.textContent = "显示 " + shown + " / " + rows.length + " 项";
      }
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      apply();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
