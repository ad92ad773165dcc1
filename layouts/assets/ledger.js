// The ledger's enhancements; every page works without them.
// - A filter form (form[data-filter-table]) takes its values from the
//   page's URL query (outstanding.html?status=notdone&year=2021), and
//   writes them back there when they change, so that a filtered view can
//   be bookmarked and sent. site.js does the filtering itself.
// - A table with class "sortable" sorts by a column when its header is
//   clicked: numbers by value (data-v), text by its characters.
(function () {
  "use strict";

  function queryFilters() {
    var form = document.querySelector("form[data-filter-table]");
    if (!form || !window.URLSearchParams) return;
    var params = new URLSearchParams(window.location.search);
    var selects = form.querySelectorAll("select");
    var changed = false;
    for (var i = 0; i < selects.length; i++) {
      var s = selects[i], v = params.get(s.name);
      if (v === null) continue;
      for (var j = 0; j < s.options.length; j++) {
        if (s.options[j].value === v || s.options[j].text === v) {
          s.selectedIndex = j;
          changed = true;
        }
      }
    }
    if (changed) form.dispatchEvent(new Event("change"));
    form.addEventListener("change", function () {
      var q = new URLSearchParams();
      for (var i = 0; i < selects.length; i++) {
        if (selects[i].value) q.set(selects[i].name, selects[i].value);
      }
      var s = q.toString();
      try {
        window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : "") + window.location.hash);
      } catch (e) { /* some browsers refuse it from file://: the view still filters */ }
    });
  }

  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    for (var i = 0; i < heads.length; i++) {
      (function (th, col) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var desc = th.getAttribute("aria-sort") !== "descending";
          for (var k = 0; k < heads.length; k++) heads[k].removeAttribute("aria-sort");
          th.setAttribute("aria-sort", desc ? "descending" : "ascending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[col], y = b.cells[col];
            var vx = x.getAttribute("data-v"), vy = y.getAttribute("data-v");
            var c = vx !== null && vy !== null ? parseFloat(vx) - parseFloat(vy) : x.textContent.localeCompare(y.textContent, "zh-CN");
            return desc ? -c : c;
          });
          for (var r = 0; r < rows.length; r++) body.appendChild(rows[r]);
        });
      })(heads[i], i);
    }
  }

  function ready() {
    queryFilters();
    var tables = document.querySelectorAll("table.sortable");
    for (var i = 0; i < tables.length; i++) sortable(tables[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
