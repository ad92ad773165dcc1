// Live reload for the preview server (never part of a build): reloads the
// page after each good rebuild, keeping the scroll position, and shows
// every error of a failed build in an overlay until the next good one.
(function () {
  "use strict";
  var key = "mzshh-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = +saved;
    window.scrollTo(0, y);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(lines) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "mzshh-error-overlay";
    overlay.setAttribute("role", "alert");
    // top/right/bottom/left, not inset: Chromium before 87 ignores inset.
    overlay.style.cssText = "position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;background:rgba(20,20,20,.86);color:#fff;" +
      "font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;padding:32px;overflow:auto";
    var h = document.createElement("h2");
    h.textContent = "构建失败：" + lines.length + " 个问题（页面仍显示上次成功构建的内容）";
    h.style.cssText = "font:600 18px/1.4 sans-serif;margin:0 0 16px;color:#ffb4a8";
    overlay.appendChild(h);
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = lines.join("\n");
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }
  var events = new EventSource("/__mzshh/events");
  events.addEventListener("hello", function () { document.documentElement.setAttribute("data-live-reload", "connected"); });
  events.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("builderror", function (e) { show(JSON.parse(e.data)); });
  events.addEventListener("ok", hide);
})();
