// rbc site: search, placeholder fill-in, copy buttons, index filters.
// No dependencies, no requests to other origins; works from file://.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  // ------------------------------------------------------------ scripts
  var loading = {};
  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + path;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error("cannot load " + path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  // ------------------------------------------------------------ search index
  var index = { meta: null, shards: {}, docs: {} };
  window.RBC_SEARCH = {
    meta: function (m) { index.meta = m; },
    shard: function (key, tokens) { index.shards[key] = tokens; },
    docs: function (n, rows) { index.docs[n] = rows; }
  };

  // The same token rules as the index (src/emit/site/search.rs).
  function tokens(text) {
    var out = [];
    text.split(/[^\p{L}\p{N}_.\-]+/u).forEach(function (raw) {
      var t = raw.replace(/[.\-]+$/, "").replace(/^\.+/, "").toLowerCase();
      if (t.length >= 2 && !/^[-_]+$/.test(t)) out.push(t);
    });
    return out;
  }
  function shardKey(t) {
    return Array.from(t).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_";
    }).join("");
  }
  function postings(code) {
    var out = [], doc = 0;
    code.split(" ").forEach(function (p) {
      doc += parseInt(p.slice(0, -1), 36);
      out.push([doc, parseInt(p.slice(-1), 36)]);
    });
    return out;
  }
  function ensureMeta() {
    return index.meta ? Promise.resolve() : load("search/meta.js");
  }
  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return Promise.resolve(null);
    return ensureMeta().then(function () {
      var keys = {};
      terms.forEach(function (t) { keys[shardKey(t)] = true; });
      return Promise.all(Object.keys(keys).filter(function (k) {
        return index.meta.shards.indexOf(k) >= 0;
      }).map(function (k) { return load("search/s-" + k + ".js"); }));
    }).then(function () {
      var scores = null;
      terms.forEach(function (t) {
        var shard = index.shards[shardKey(t)] || {};
        var best = {};
        var expanded = 0;
        Object.keys(shard).forEach(function (tok) {
          var factor;
          if (tok === t) factor = 1;
          else if (tok.lastIndexOf(t, 0) === 0 && expanded < 64) { factor = 0.5; expanded++; }
          else return;
          postings(shard[tok]).forEach(function (p) {
            var s = p[1] * factor;
            if (!(best[p[0]] >= s)) best[p[0]] = s;
          });
        });
        if (scores === null) {
          scores = best;
        } else {
          var next = {};
          Object.keys(scores).forEach(function (d) {
            if (best[d] !== undefined) next[d] = scores[d] + best[d];
          });
          scores = next;
        }
      });
      var ranked = Object.keys(scores).map(Number).sort(function (a, b) {
        return scores[b] - scores[a] || a - b;
      }).slice(0, 10);
      var chunks = {};
      ranked.forEach(function (d) { chunks[Math.floor(d / index.meta.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (n) {
        return load("search/d-" + n + ".js");
      })).then(function () {
        return ranked.map(function (d) {
          return index.docs[Math.floor(d / index.meta.chunk)][d % index.meta.chunk];
        });
      });
    });
  }

  function setupSearch() {
    var input = document.getElementById("search");
    var list = document.getElementById("search-results");
    if (!input || !list) return;
    var seq = 0;
    function show(rows, query) {
      list.textContent = "";
      if (rows === null) { list.hidden = true; return; }
      list.hidden = false;
      if (!rows.length) {
        var li = document.createElement("li");
        li.className = "none";
        li.textContent = "No runbook matches “" + query + "”";
        list.appendChild(li);
        return;
      }
      rows.forEach(function (r) {
        var li = document.createElement("li");
        li.setAttribute("data-id", r[0]);
        var a = document.createElement("a");
        a.href = root + r[2];
        var id = document.createElement("span");
        id.className = "rb-id";
        id.textContent = r[0];
        a.appendChild(id);
        a.appendChild(document.createTextNode(" " + r[1]));
        if (r[3]) {
          var sev = document.createElement("span");
          sev.className = "sev";
          sev.textContent = r[3];
          a.appendChild(document.createTextNode(" "));
          a.appendChild(sev);
        }
        if (r[4]) {
          var sum = document.createElement("span");
          sum.className = "summary";
          sum.textContent = r[4];
          a.appendChild(sum);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
    }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value;
      var mine = ++seq;
      timer = setTimeout(function () {
        search(q).then(function (rows) {
          if (mine === seq) show(rows, q);
        }, function (e) {
          if (mine === seq) { list.hidden = false; list.textContent = String(e.message); }
        });
      }, 40);
    });
    input.addEventListener("keydown", function (e) {
      var links = list.querySelectorAll("a");
      if (e.key === "Enter" && links.length) { links[0].click(); e.preventDefault(); }
      else if (e.key === "ArrowDown" && links.length) { links[0].focus(); e.preventDefault(); }
      else if (e.key === "Escape") { input.value = ""; show(null, ""); }
    });
    list.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i + 1 < links.length) { links[i + 1].focus(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { (i > 0 ? links[i - 1] : input).focus(); e.preventDefault(); }
      else if (e.key === "Escape") { input.focus(); }
    });
    list.hidden = true;
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ------------------------------------------------------------ fill-in
  var KEY = "rbc-ph:";
  function stored(name) {
    try { return sessionStorage.getItem(KEY + name) || ""; } catch (e) { return ""; }
  }
  function store(name, value) {
    try {
      if (value) sessionStorage.setItem(KEY + name, value);
      else sessionStorage.removeItem(KEY + name);
    } catch (e) { /* storage disabled: values stay on this page */ }
  }
  function fillSpans(name, value) {
    document.querySelectorAll("span.ph").forEach(function (s) {
      if (s.getAttribute("data-ph") !== name) return;
      s.textContent = value || "<" + name + ">";
      s.classList.toggle("filled", !!value);
    });
  }
  // `pod_name`, `Pod-Name` and `pod-name` alike, as the scripts' options.
  function normalise(name) {
    return name.toLowerCase().replace(/[^a-z0-9]/g, "-");
  }
  // The values a link carries (`RB-001.html?pod=web-7f9c&namespace=shop`), by
  // normalised name: what an alert's runbook_url passes from its labels.
  function linkValues() {
    var out = {};
    try {
      new URLSearchParams(window.location.search).forEach(function (v, k) {
        if (v && !/[\r\n]/.test(v)) out[normalise(k)] = { key: k, value: v };
      });
    } catch (e) { /* no URLSearchParams: values are typed */ }
    return out;
  }
  function setupFill() {
    var inputs = document.querySelectorAll("input[data-placeholder]");
    var fromLink = linkValues(), used = [];
    inputs.forEach(function (input) {
      var name = input.getAttribute("data-placeholder");
      var v = stored(name);
      var given = fromLink[normalise(name)];
      if (given) {
        v = given.value;
        store(name, v);
        used.push(name + " (" + given.key + ")");
      }
      if (v) { input.value = v; fillSpans(name, v); }
      input.addEventListener("input", function () {
        store(name, input.value);
        fillSpans(name, input.value);
      });
    });
    document.querySelectorAll("form.fill").forEach(function (f) {
      f.addEventListener("submit", function (e) { e.preventDefault(); });
      var note = f.querySelector(".fill-source");
      if (note && used.length) {
        note.textContent = "Filled from the link: " + used.join(", ") + ". Check them before you run anything.";
        note.hidden = false;
      }
      var clear = f.querySelector(".clear-fill");
      if (clear) clear.addEventListener("click", function () {
        inputs.forEach(function (input) {
          input.value = "";
          store(input.getAttribute("data-placeholder"), "");
          fillSpans(input.getAttribute("data-placeholder"), "");
        });
      });
    });
  }

  // ------------------------------------------------------------ copy
  var SAFE = /^[A-Za-z0-9_@%+=:,.\/-]+$/;
  function quote(value, q) {
    if (q === "n") return SAFE.test(value) ? value : "'" + value.replace(/'/g, "'\\''") + "'";
    if (q === "s") return value.replace(/'/g, "'\\''");
    if (q === "d") return value.replace(/[\\"$`]/g, "\\$&");
    return value;
  }
  function commandText(code) {
    var out = "";
    code.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.classList.contains("ph")) {
        var name = n.getAttribute("data-ph");
        var v = n.classList.contains("filled") ? n.textContent : "";
        out += v ? quote(v, n.getAttribute("data-q")) : "<" + name + ">";
      } else {
        out += n.textContent;
      }
    });
    return out;
  }
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }
  function setupCopy() {
    document.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("button.copy");
      if (!b) return;
      var code = b.parentNode.querySelector("code");
      if (!code) return;
      copyText(commandText(code)).then(function () {
        b.textContent = "Copied";
        b.setAttribute("data-copied", "true");
      }, function () {
        b.textContent = "Select and copy";
      });
      setTimeout(function () { b.textContent = "Copy"; b.removeAttribute("data-copied"); }, 1500);
    });
  }

  // A source page's line numbers are drawn by the style sheet; a click on one links to
  // its line (`#L12`), as the numbers of a code host do.
  function setupLineLinks() {
    document.addEventListener("click", function (e) {
      var line = e.target;
      if (!line.id || !/^L\d+$/.test(line.id) || !line.closest || !line.closest("pre.source")) return;
      var gutter = parseFloat(getComputedStyle(line, "::before").width) || 0;
      if (e.clientX - line.getBoundingClientRect().left > gutter) return;
      location.hash = line.id;
    });
  }

  // ------------------------------------------------------------ index filters
  function setupFilters() {
    var table = document.getElementById("runbooks");
    var sev = document.getElementById("filter-severity");
    var tag = document.getElementById("filter-tag");
    var alert = document.getElementById("filter-alert");
    var count = document.getElementById("filter-count");
    if (!table || !sev || !tag) return;
    function apply() {
      var shown = 0, rows = table.querySelectorAll("tbody tr");
      rows.forEach(function (tr) {
        var ok = (!sev.value || tr.getAttribute("data-severity") === sev.value) &&
          (!tag.value || (tr.getAttribute("data-tags") || "").split(" ").indexOf(tag.value) >= 0) &&
          (!alert || !alert.value || (tr.getAttribute("data-alerts") || "").split(" ").indexOf(alert.value) >= 0);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + " of " + rows.length + " runbooks";
    }
    sev.addEventListener("change", apply);
    tag.addEventListener("change", apply);
    if (alert) alert.addEventListener("change", apply);
    apply();
  }

  setupSearch();
  setupFill();
  setupCopy();
  setupLineLinks();
  setupFilters();
})();
