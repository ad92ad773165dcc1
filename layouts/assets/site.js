// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Filters above a table: <form data-filter-table="ID"> with selects named
  // after the rows' data-* attributes.
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
})();
