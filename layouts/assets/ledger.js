// The ledger's enhancements; every page works without them.
// - A filter form (form[data-filter-table]) takes its values from the
//   page's URL query (outstanding.html?status=notdone&year=2021), and
//   writes them back there when they change, so that a filtered view can
//   be bookmarked and sent, and the pager's links keep them. site.js does
//   the filtering itself. A long list's page offers only the years and
//   units of its own rows; a query naming others is taken to the pages
//   that hold them (outstanding-pages.js).
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
      var s = selects[i], v = params.get(s.name), found = false;
      if (v === null || v === "") continue;
      for (var j = 0; j < s.options.length; j++) {
        if (s.options[j].value === v || s.options[j].text === v) {
          s.selectedIndex = j;
          found = true;
        }
      }
      // A page offers the years and units of its own rows. One it does
      // not show is kept, so that the view stays filtered (to nothing
      // here) and the pager carries it on.
      if (!found) s.appendChild(new Option(v, v, true, true));
      changed = true;
    }
    if (changed) form.dispatchEvent(new Event("change"));
    carry(query(selects));
    form.addEventListener("change", function () {
      var s = query(selects);
      carry(s);
      try {
        window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : "") + window.location.hash);
      } catch (e) { /* some browsers refuse it from file://: the view still filters */ }
    });
    var year = params.get("year"), unit = params.get("unit");
    var index = form.getAttribute("data-pages-index");
    if (index && (year || unit) && !hasRows(form, year, unit)) locate(form, index, year, unit);
  }

  function query(selects) {
    var q = new URLSearchParams();
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) q.set(selects[i].name, selects[i].value);
    }
    return q.toString();
  }

  // carry makes the pager's links keep the filter.
  function carry(s) {
    var links = document.querySelectorAll("nav.pager a");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", links[i].getAttribute("href").split("?")[0] + (s ? "?" + s : ""));
    }
  }

  function hasRows(form, year, unit) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    var rows = table ? table.tBodies[0].rows : [];
    for (var i = 0; i < rows.length; i++) {
      if ((!year || rows[i].getAttribute("data-year") === year) && (!unit || rows[i].getAttribute("data-unit") === unit)) return true;
    }
    return false;
  }

  // locate finds, in the list's page index (outstanding-pages.js), the
  // pages that hold the rows of a year and unit this page has none of.
  // The list's first page, where links into it land (a unit page's count
  // tiles), moves on to the first of them; another page links them.
  function locate(form, src, year, unit) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      var index = window.MZSHH_OUTSTANDING;
      if (!index) return;
      var ranges = [];
      if (unit) {
        var t = index.units[unit] || [];
        for (var i = 0; i + 2 < t.length; i += 3) {
          if (!year || String(t[i]) === year) ranges.push([t[i + 1], t[i + 2]]);
        }
      } else if (index.years[year]) {
        ranges.push(index.years[year]);
      }
      var current = document.querySelector(".pager-current");
      var here = current ? +current.textContent : 1;
      if (ranges.length && here === 1 && ranges[0][0] !== 1) {
        window.location.replace(pagePath(index.first, ranges[0][0]) + window.location.search + window.location.hash);
        return;
      }
      var p = document.createElement("p");
      p.className = "minor filter-where";
      p.setAttribute("role", "status");
      if (!ranges.length) {
        p.textContent = "没有符合条件的未完成问题。";
      } else {
        p.appendChild(document.createTextNode("本页没有符合条件的问题，它们在第 "));
        for (var k = 0; k < ranges.length; k++) {
          if (k > 0) p.appendChild(document.createTextNode("、"));
          var a = document.createElement("a");
          a.href = pagePath(index.first, ranges[k][0]) + window.location.search;
          a.textContent = ranges[k][0] === ranges[k][1] ? ranges[k][0] : ranges[k][0] + "–" + ranges[k][1];
          p.appendChild(a);
        }
        p.appendChild(document.createTextNode(" 页。"));
      }
      form.appendChild(p);
    };
    document.head.appendChild(script);
  }

  // pagePath is page n of a list whose first page is first, as the
  // generator names them (render.pagePath): outstanding-2.html, ….
  function pagePath(first, n) {
    return n === 1 ? first : first.replace(/\.html$/, "-" + n + ".html");
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
