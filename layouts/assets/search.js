// Offline search over the index in search/ (see generator/search). Every
// part of the index is a script that registers itself with MZSHH_SEARCH,
// so it loads from file:// as well as from a server, and a query loads only
// the shards of its own tokens and the records it shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  var S = window.MZSHH_SEARCH = {};
  var cache = {}, waiting = {};

  function wait(name) {
    var w = {};
    w.promise = new Promise(function (resolve, reject) { w.resolve = resolve; w.reject = reject; });
    waiting[name] = w;
    return w;
  }
  // The search page loads the manifest with a script of its own, right
  // after this one: a query need not wait for a second request.
  if (script && script.hasAttribute("data-manifest")) {
    wait("manifest");
    // That script has run by the time the page is parsed, or failed.
    document.addEventListener("DOMContentLoaded", function () {
      var w = waiting.manifest;
      if (w) { delete waiting.manifest; w.reject(new Error("无法加载索引文件 manifest")); }
    });
  }

  function load(name) {
    if (name in cache) return Promise.resolve(cache[name]);
    if (waiting[name]) return waiting[name].promise;
    var w = wait(name);
    var el = document.createElement("script");
    el.src = root + "search/" + name + ".js";
    el.onerror = function () { delete waiting[name]; w.reject(new Error("无法加载索引文件 " + name)); };
    document.head.appendChild(el);
    return w.promise;
  }
  function loaded(name, data) {
    cache[name] = data;
    var w = waiting[name];
    if (w) { delete waiting[name]; w.resolve(data); }
  }
  S.manifest = function (m) { loaded("manifest", m); };
  S.units = function (u) { loaded("units", u); };
  S.meta = function (m) { loaded("meta", m); };
  S.shard = function (n, m) { loaded("s/" + n, m); };
  S.records = function (n, r) { loaded("r/" + n, r); };

  var han = /\p{Script=Han}/u, wordChar = /[\p{L}\p{N}]/u;
  // tokens splits text as generator/search.Tokens does.
  function tokens(s) {
    var out = [], run = [], word = "";
    function flushHan() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (word) { out.push(word); word = ""; } }
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (c >= 0xFF01 && c <= 0xFF5E) ch = String.fromCodePoint(c - 0xFEE0);
      if (han.test(ch)) { flushWord(); run.push(ch); }
      else if (wordChar.test(ch)) { flushHan(); word += ch.toLowerCase(); }
      else { flushHan(); flushWord(); }
    }
    flushHan(); flushWord();
    return out;
  }
  var encoder = new TextEncoder();
  function shardOf(t, shards) {
    var h = 0x811c9dc5, bytes = encoder.encode(t);
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % shards;
  }
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", digit = {};
  for (var d = 0; d < 64; d++) digit[B64[d]] = d;
  // decode reads a postings string (generator/search appendPosting):
  // per posting a delta-coded record number in 5-bit digits, then a
  // two-digit weight. It returns the records, ascending, and their
  // weights.
  function decode(list) {
    var n = list.length / 3 | 0; // a posting takes three digits or more
    var recs = new Int32Array(n), weights = new Int32Array(n), rec = 0, k = 0, i = 0;
    while (i < list.length) {
      var v = 0, mul = 1, x;
      do { x = digit[list[i++]]; v += (x & 31) * mul; mul *= 32; } while (x & 32);
      rec += v;
      recs[k] = rec;
      weights[k++] = digit[list[i]] * 64 + digit[list[i + 1]];
      i += 2;
    }
    return { recs: recs.subarray(0, k), weights: weights.subarray(0, k) };
  }
  function inRanges(rec, ranges) {
    for (var i = 0; i < ranges.length; i += 2) if (rec >= ranges[i] && rec < ranges[i + 1]) return true;
    return false;
  }
  function chunkOf(rec, chunks) {
    var lo = 0, hi = chunks.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (chunks[mid] <= rec) lo = mid; else hi = mid - 1; }
    return lo;
  }

  // query returns {hits: [{rec, score, record}], total}.
  S.query = function (q, filter, limit) {
    var terms = Array.from(new Set(tokens(q)));
    if (!terms.length) return Promise.resolve({ hits: [], total: 0, terms: terms });
    return load("manifest").then(function (m) {
      var needs = [load("manifest")];
      terms.forEach(function (t) { needs.push(load("s/" + shardOf(t, m.shards)).catch(function () { return {}; })); });
      if (filter.unit !== "" && filter.unit != null) needs.push(load("units"));
      if (filter.status || (filter.kind !== "" && filter.kind != null)) needs.push(load("meta"));
      return Promise.all(needs).then(function () {
        var lists = terms.map(function (t) { var sh = cache["s/" + shardOf(t, m.shards)] || {}; return decode(sh[t] || ""); });
        var scores = combine(lists, true);
        if (!scores.size && lists.length > 1) scores = combine(lists, false);
        var year = filter.year ? m.years[filter.year] : null;
        var unitRanges = (filter.unit !== "" && filter.unit != null) ? cache.units[+filter.unit] : null;
        var status = filter.status ? m.statuses.indexOf(filter.status) : -1;
        var kind = filter.kind !== "" && filter.kind != null ? +filter.kind : -1;
        var hits = [];
        scores.forEach(function (v, rec) {
          if (year && (rec < year[0] || rec >= year[1])) return;
          if (unitRanges && !inRanges(rec, unitRanges)) return;
          if (status >= 0 || kind >= 0) {
            var k = digit[cache.meta[2 * rec]], st = digit[cache.meta[2 * rec + 1]];
            // A rebound is found by its flag, whatever its status now.
            if (status >= 0 && (st & 15) !== status && !(filter.status === "rebound" && st >= 16)) return;
            if (kind >= 0 && k !== kind) return;
          }
          hits.push({ rec: rec, score: v });
        });
        // Equal scores: the newest first.
        hits.sort(function (a, b) { return b.score - a.score || b.rec - a.rec; });
        var total = hits.length;
        hits = hits.slice(0, limit);
        var chunkNames = Array.from(new Set(hits.map(function (h) { return "r/" + chunkOf(h.rec, m.chunks); })));
        return Promise.all(chunkNames.map(load)).then(function () {
          var needle = q.trim().toLowerCase();
          hits.forEach(function (h) {
            var c = chunkOf(h.rec, m.chunks);
            h.record = cache["r/" + c][h.rec - m.chunks[c]];
            // Whole-phrase matches first.
            if (needle && h.record[5].toLowerCase().indexOf(needle) >= 0) h.score *= 2;
            else if (needle && h.record[6].toLowerCase().indexOf(needle) >= 0) h.score *= 1.3;
          });
          hits.sort(function (a, b) { return b.score - a.score || b.rec - a.rec; });
          return { hits: hits, total: total, terms: terms, manifest: m };
        });
      });
    });
  };
  // combine sums the weights of the records in all lists (all) or in any.
  function combine(lists, all) {
    var out = new Map();
    if (!lists.length) return out;
    if (all) {
      var order = lists.slice().sort(function (a, b) { return a.recs.length - b.recs.length; });
      var pos = new Int32Array(order.length), first = order[0];
      outer: for (var i = 0; i < first.recs.length; i++) {
        var rec = first.recs[i], score = first.weights[i];
        for (var j = 1; j < order.length; j++) {
          var l = order[j], p = pos[j], lo = p, step = 1;
          // Gallop, then search: the lists are ascending.
          while (lo + step < l.recs.length && l.recs[lo + step] < rec) { lo += step; step *= 2; }
          var hi = Math.min(l.recs.length, lo + step + 1);
          while (lo < hi) { var mid = (lo + hi) >> 1; if (l.recs[mid] < rec) lo = mid + 1; else hi = mid; }
          pos[j] = lo;
          if (lo >= l.recs.length) break outer;
          if (l.recs[lo] !== rec) continue outer;
          score += l.weights[lo];
        }
        out.set(rec, score);
      }
      return out;
    }
    lists.forEach(function (l) {
      for (var i = 0; i < l.recs.length; i++) out.set(l.recs[i], (out.get(l.recs[i]) || 0) + l.weights[i]);
    });
    return out;
  }

  function escapeHTML(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  // highlight marks the query's tokens in s; with width, it cuts a
  // snippet around the first match.
  function highlight(s, terms, width) {
    var lower = s.toLowerCase(), mark = new Uint8Array(s.length), first = -1;
    terms.forEach(function (t) {
      for (var i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + 1)) {
        for (var j = 0; j < t.length; j++) mark[i + j] = 1;
        if (first < 0 || i < first) first = i;
      }
    });
    var from = 0, to = s.length;
    if (width && s.length > width) {
      from = Math.max(0, (first < 0 ? 0 : first) - Math.floor(width / 3));
      to = Math.min(s.length, from + width);
    }
    var out = from > 0 ? "…" : "", open = false;
    for (var k = from; k < to; k++) {
      if (mark[k] && !open) { out += "<mark>"; open = true; }
      if (!mark[k] && open) { out += "</mark>"; open = false; }
      out += escapeHTML(s[k]);
    }
    if (open) out += "</mark>";
    return out + (to < s.length ? "…" : "");
  }

  // The search page. Its script is in the page's head: the query starts
  // (and its index files load) while the page itself is parsed and laid
  // out, and the results are shown once the page is ready.
  if (!script || !script.hasAttribute("data-page")) return;
  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  var filter = { year: params.get("year") || "", unit: params.get("unit") || "", status: params.get("status") || "", kind: params.get("kind") || "" };
  var shown = 10, started = performance.now();
  var first = q.trim() ? S.query(q, filter, shown) : null;
  function ready(f) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", f);
    else f();
  }
  ready(function () {
    var form = document.getElementById("search-form");
    if (!form) return;
    ["q", "year", "unit", "status", "kind"].forEach(function (k) {
      if (params.has(k) && form.elements[k]) form.elements[k].value = params.get(k);
    });
    var statusLine = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!first) { statusLine.textContent = "请输入要查找的字词，例如：学懂、人居环境、党风廉政、反弹。"; return; }
    statusLine.textContent = "正在搜索……";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "more";
    more.textContent = "显示更多结果";
    more.hidden = true;
    list.after(more);
    function show(res) {
      var ms = Math.round(performance.now() - started);
      document.documentElement.setAttribute("data-search-ms", String(ms));
      if (!res.hits.length) { statusLine.textContent = "没有找到与“" + q + "”相关的内容。"; return; }
      var m = res.manifest, html = "";
      res.hits.forEach(function (h) {
        var r = h.record, st = r[1] & 15, rebound = r[1] & 16;
        html += '<li class="result"><a class="r-title" href="' + escapeHTML(root + r[4]) + '">' +
          '<span class="r-kind">' + escapeHTML(m.kinds[r[0]]) + "</span>" + highlight(r[5], res.terms, 0) + "</a>" +
          '<div class="r-meta">' + r[2] + "年度 · " + escapeHTML(m.units[r[3]]) +
          (st ? ' · <span class="status s-' + m.statuses[st] + '">' + escapeHTML(m.statusLabels[st]) + "</span>" : "") +
          (rebound && m.statuses[st] !== "rebound" ? ' <span class="status s-rebound">反弹</span>' : "") + "</div>" +
          (r[6] ? '<p class="r-snippet">' + highlight(r[6], res.terms, 120) + "</p>" : "") + "</li>";
      });
      list.innerHTML = html;
      statusLine.textContent = "找到 " + res.total + " 项" + (res.total > res.hits.length ? "，显示前 " + res.hits.length + " 项" : "") + "（用时 " + ms + " 毫秒）";
      more.hidden = res.total <= res.hits.length;
    }
    function failed(err) { statusLine.textContent = "搜索失败：" + err.message; }
    first.then(show, failed);
    more.addEventListener("click", function () {
      shown += 20;
      started = performance.now();
      S.query(q, filter, shown).then(show, failed);
    });
  });
})();
