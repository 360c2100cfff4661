// The SPARQL query page: an editor with line numbers and highlighting, runs the query on the
// endpoint with fetch() and shows the results as a table of prefixed names and labels.
// Every value is put in with textContent, so data can never become markup. No library.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var box = document.getElementById("query");
  var select = document.getElementById("example");
  var out = document.getElementById("results");
  var status = document.getElementById("status");
  var links = document.getElementById("links");
  var errorBox = document.getElementById("error");
  var gutter = form.querySelector(".gutter");
  var hl = form.querySelector(".highlight");
  // The words shown, in the page's language: the page's JSON block (present/script_text.py).
  var T = {};
  try { T = JSON.parse((document.getElementById("query-text") || {}).textContent || "{}"); } catch (e) { T = {}; }
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (m, k) { return values && k in values ? String(values[k]) : m; });
  }
  function say(key, fallback, values) { return fill(T[key] || fallback, values); }
  function count(key, fallback, n, values) {
    // the catalog's plural form for n (what decides it in the six languages: see script_text.py)
    var forms = T[key], plural = T.plural;
    var index = !plural ? 0 : n < 200 ? plural[n] : n % 1000000 === 0 ? T.million : plural[100 + (n % 100)];
    var text = forms && plural ? forms[index] : null;
    return fill(text || fallback, Object.assign({ n: n }, values || {}));
  }
  var lang = T.lang || document.documentElement.lang || "en";
  var prefixes = {};
  try { prefixes = JSON.parse(form.dataset.prefixes || "{}"); } catch (e) { prefixes = {}; }
  // Result IRIs use the canonical base; links go to this host, like every other page.
  var canonical = form.dataset.canonicalBase || "", local = form.dataset.localBase || "";
  function localHref(iri) {
    return canonical && iri.indexOf(canonical) === 0 ? local + iri.slice(canonical.length) : iri;
  }

  // --- the editor: highlighting and line numbers over a plain textarea --------------------
  var TOKENS = /(#[^\n]*)|(<[^<>"{}|^`\\\s]*>)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|([?$][\w\u00b7\u00c0-\uffff]+)|([A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]+)|(\b[A-Za-z]+\b)/g;
  var KEYWORDS = /^(select|construct|describe|ask|where|prefix|base|from|named|graph|optional|union|minus|filter|exists|not|bind|as|values|service|group|by|order|asc|desc|having|limit|offset|distinct|reduced|count|sum|min|max|avg|sample|group_concat|separator|if|coalesce|bound|str|lang|langmatches|datatype|iri|uri|lcase|ucase|contains|strstarts|strends|regex|in|a|true|false|undef)$/i;
  var CLASSES = ["comment", "iri", "string", "var", "pname", "word"];
  function highlight() {
    var text = box.value;
    hl.textContent = "";
    var last = 0, m;
    TOKENS.lastIndex = 0;
    while ((m = TOKENS.exec(text)) !== null) {
      if (m.index > last) { hl.appendChild(document.createTextNode(text.slice(last, m.index))); }
      var kind = 0;
      for (var i = 1; i <= 6; i++) { if (m[i] !== undefined) { kind = i; break; } }
      var cls = CLASSES[kind - 1];
      if (cls === "word") { cls = KEYWORDS.test(m[0]) ? "kw" : ""; }
      if (cls) {
        var span = document.createElement("span"); span.className = "t-" + cls; span.textContent = m[0];
        hl.appendChild(span);
      } else {
        hl.appendChild(document.createTextNode(m[0]));
      }
      last = m.index + m[0].length;
      if (m[0].length === 0) { TOKENS.lastIndex++; }
    }
    hl.appendChild(document.createTextNode(text.slice(last) + "\n"));
    var lines = text.split("\n").length, nums = [];
    for (var n = 1; n <= lines; n++) { nums.push(String(n)); }
    gutter.textContent = nums.join("\n");
    syncScroll();
  }
  function syncScroll() { hl.scrollTop = box.scrollTop; hl.scrollLeft = box.scrollLeft; gutter.scrollTop = box.scrollTop; }
  box.addEventListener("input", highlight);
  box.addEventListener("scroll", syncScroll);
  box.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") { ev.preventDefault(); run(); }
  });
  if (select) {
    select.addEventListener("change", function () {
      var opt = select.options[select.selectedIndex];
      if (opt && opt.dataset.query) { box.value = opt.dataset.query; highlight(); }
    });
  }

  // --- results: prefixed names, labels, rounded numbers ---------------------------------
  function prefixed(iri) {
    // Our own resources by their path (id/chapter/1); vocabulary terms by prefixed name.
    if (canonical && iri.indexOf(canonical) === 0) { return iri.slice(canonical.length); }
    var best = "", name = iri;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && ns.length > best.length && iri.length > ns.length) { best = ns; name = p + ":" + iri.slice(ns.length); }
    });
    return name;
  }
  var DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal", DOUBLE = "http://www.w3.org/2001/XMLSchema#double";
  function literalText(term) {
    if ((term.datatype === DECIMAL || term.datatype === DOUBLE) && /^-?\d+\.\d{3,}/.test(term.value)) {
      return Number(term.value).toFixed(2);
    }
    return term.value;
  }
  function cell(term, iris) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = document.createElement(/^https?:/i.test(term.value) ? "a" : "span");
      if (a.tagName === "A") { a.href = localHref(term.value); }
      a.textContent = prefixed(term.value); a.title = term.value;
      td.appendChild(a);
      var lab = document.createElement("span"); lab.className = "label"; td.appendChild(lab);
      (iris[term.value] = iris[term.value] || []).push(lab);
    } else {
      td.textContent = literalText(term);
      if (td.textContent !== term.value) { td.title = term.value; }
      if (term.type === "literal" && /^-?[\d.]+$/.test(term.value)) { td.className = "num"; }
    }
    return td;
  }
  function table(data, iris) {
    var vars = data.head.vars || [];
    var t = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = count("rows", "%(n)s rows", data.results.bindings.length);
    t.appendChild(cap);
    var head = t.createTHead().insertRow();
    vars.forEach(function (v) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.appendChild(th);
    });
    var body = t.createTBody();
    data.results.bindings.forEach(function (b) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(b[v], iris)); });
    });
    return t;
  }
  function addLabels(iris) {
    var wanted = Object.keys(iris).filter(function (i) { return /^https?:[^<>"\s{}|\\^`]*$/.test(i); }).slice(0, 300);
    if (!wanted.length) { return; }
    // a label in the page's language where the data has one (countries' names), else English
    var langs = [lang, "en", ""].filter(function (x, i, all) { return /^[a-z]{0,3}$/.test(x) && all.indexOf(x) === i; });
    var q = "SELECT ?x ?l WHERE { VALUES ?x { " + wanted.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } ?x skos:prefLabel|rdfs:label|dct:title|ung:acronym ?l FILTER(LANG(?l) IN (" +
      langs.map(function (x) { return "\"" + x + "\""; }).join(", ") + ")) }";
    var params = new URLSearchParams(); params.set("query", q);
    fetch(form.action, { method: "POST", body: params, headers: { "Accept": "application/sparql-results+json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var best = {};
        data.results.bindings.forEach(function (b) {
          var rank = langs.indexOf(b.l["xml:lang"] || ""), had = best[b.x.value];
          if (!had || rank < had.rank || (rank === had.rank && b.l.value < had.text)) {
            best[b.x.value] = { rank: rank, text: b.l.value, lang: b.l["xml:lang"] || "" };
          }
        });
        Object.keys(best).forEach(function (iri) {
          (iris[iri] || []).forEach(function (span) {
            span.textContent = best[iri].text;
            if (best[iri].lang) { span.lang = best[iri].lang; }
          });
        });
      })
      .catch(function () { /* labels are a nicety: the table stands without them */ });
  }
  function showError(text, textLang) {
    errorBox.hidden = false; errorBox.textContent = "";
    var intro = document.createElement("p"); intro.textContent = say("refused", "The endpoint's answer:");
    errorBox.appendChild(intro);
    // the endpoint's own message, in the language it answered in (its Content-Language)
    var msg = document.createElement("p"); msg.textContent = text.trim(); msg.lang = textLang || "en";
    msg.dir = "auto"; errorBox.appendChild(msg);
    var m = /line (\d+), column (\d+)/.exec(text);
    if (m) {
      var line = box.value.split("\n")[Number(m[1]) - 1];
      if (line !== undefined) {
        var pre = document.createElement("pre");
        pre.textContent = m[1] + " | " + line + "\n" + " ".repeat(m[1].length + 3 + Math.max(0, Number(m[2]) - 1)) + "^";
        errorBox.appendChild(pre);
      }
    }
  }
  function downloadLinks(graph) {
    links.textContent = "";
    var permalink = document.createElement("a");
    permalink.href = form.dataset.page + "?query=" + encodeURIComponent(box.value);
    permalink.textContent = say("permalink", "permalink");
    links.appendChild(permalink);
    var formats = graph ? [["turtle", "Turtle"], ["jsonld", "JSON-LD"], ["nt", "N-Triples"]]
      : [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"]];
    formats.forEach(function (f) {
      links.appendChild(document.createTextNode(" · "));
      var a = document.createElement("a");
      a.href = form.action + "?query=" + encodeURIComponent(box.value) + "&format=" + f[0];
      a.textContent = f[1]; a.setAttribute("download", "");
      links.appendChild(a);
    });
  }
  function run() {
    status.textContent = say("running", "Running…");
    out.textContent = ""; errorBox.hidden = true; links.textContent = "";
    // GET for ordinary queries (cacheable, and allowed cross-origin for a static site that
    // points at a live endpoint); POST when the query is too long for a URL.
    var params = new URLSearchParams(); params.set("query", box.value);
    var accept = { "Accept": "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1" };
    var started = performance.now();
    var request = box.value.length < 1500
      ? fetch(form.action + "?" + params.toString(), { headers: accept })
      : fetch(form.action, { method: "POST", body: params, headers: accept });
    if (window.history && form.dataset.page) {
      window.history.replaceState(null, "", form.dataset.page + "?query=" + encodeURIComponent(box.value));
    }
    request
      .then(function (r) {
        var type = r.headers.get("content-type") || "";
        var cap = r.headers.get("X-Result-Max-Rows"), cut = r.headers.get("X-Result-Truncated") === "true";
        var textLang = (r.headers.get("content-language") || "").split(",")[0].trim();
        return r.text().then(function (text) {
          return { ok: r.ok, status: r.status, type: type, text: text, cap: cap, cut: cut, lang: textLang };
        });
      })
      .then(function (res) {
        var ms = Math.round(performance.now() - started);
        if (!res.ok) {
          status.textContent = say("error", "Error %(status)s (%(ms)s ms)", { status: res.status, ms: ms });
          showError(res.text, res.lang); return;
        }
        var capNote = " · " + (res.cut ? count("cut", "cut at the row cap of %(n)s rows: add LIMIT/OFFSET or download",
                                               Number(res.cap) || 0) : say("complete", "complete"));
        if (res.type.indexOf("json") >= 0) {
          var data = JSON.parse(res.text);
          if (typeof data.boolean === "boolean") {
            status.textContent = say("done", "Done in %(ms)s ms", { ms: ms });
            out.textContent = data.boolean ? say("true", "Answer: true") : say("false", "Answer: false");
            downloadLinks(false); return;
          }
          if (data.results) {
            var iris = {};
            var rows = count("rows", "%(n)s rows", data.results.bindings.length);
            status.textContent = say("rows_in", "%(rows)s in %(ms)s ms", { rows: rows, ms: ms }) + capNote;
            out.appendChild(table(data, iris)); downloadLinks(false); addLabels(iris); return;
          }
        }
        status.textContent = say("done", "Done in %(ms)s ms", { ms: ms }) + capNote;
        var p = document.createElement("pre"); p.textContent = res.text; out.appendChild(p);
        downloadLinks(true);
      })
      .catch(function (e) { status.textContent = say("not_sent", "The query could not be sent: %(error)s", { error: e }); });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  highlight();
  if (form.dataset.autorun) { run(); }
}());
