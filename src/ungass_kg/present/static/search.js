// Search on the static site's activity pages: there is no server, so the browser searches the
// published index (activities/search.json) the same way the server does: every word must occur
// in the title or description, case and accents ignored. Text goes in with textContent only.
(function () {
  "use strict";
  var form = document.querySelector("form.search[data-index]");
  if (!form) { return; }
  var box = form.querySelector("input[name=q]");
  var list = document.querySelector("ol.activities");
  var heading = document.getElementById("results-h");
  var pager = document.querySelector("nav.pager");
  var within = form.dataset.within || "";
  var index = null;
  // The words shown, in the page's language: the page's JSON block (present/script_text.py).
  var T = {};
  try { T = JSON.parse((document.getElementById("search-text") || {}).textContent || "{}"); } catch (e) { T = {}; }
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (m, k) { return values && k in values ? String(values[k]) : m; });
  }
  function count(key, fallback, n) {
    // the catalog's plural form for n (what decides it in the six languages: see script_text.py)
    var forms = T[key], plural = T.plural;
    var index = !plural ? 0 : n < 200 ? plural[n] : n % 1000000 === 0 ? T.million : plural[100 + (n % 100)];
    var text = forms && plural ? forms[index] : null;
    return fill(text || fallback, { n: n });
  }
  function matching(hits) {
    // "N activities matching “words”": the words as typed, isolated (<bdi>) inside the sentence
    var h = document.createDocumentFragment();
    h.appendChild(document.createTextNode(count("activities", "%(n)s activities", hits) + " "));
    var parts = String(T.matching || "matching “%(q)s”").split("%(q)s");
    h.appendChild(document.createTextNode(parts[0]));
    var typed = document.createElement("bdi"); typed.setAttribute("translate", "no"); typed.textContent = box.value;
    h.appendChild(typed);
    h.appendChild(document.createTextNode(parts.slice(1).join("")));
    return h;
  }
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/\s+/).filter(Boolean);
  }
  function show(words) {
    var keyed = index.some(function (d) { return d.keys.indexOf(within) >= 0; });
    var hits = index.filter(function (d) {
      if (within && keyed && d.keys.indexOf(within) < 0) { return false; }
      return words.every(function (w) { return d.text.indexOf(w) >= 0; });
    });
    list.textContent = "";
    hits.forEach(function (d) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = d.href; a.textContent = d.title; li.appendChild(a);
      if (T.lang && T.lang !== "en") { a.lang = "en"; }  // the data's English titles, as the pages mark them
      var meta = document.createElement("div"); meta.className = "meta";
      if (d.year) { meta.appendChild(document.createTextNode(d.year + (d.lead.length ? " · " : ""))); }
      if (d.lead.length) {
        meta.appendChild(document.createTextNode((T.lead || "lead") + " "));
        var names = document.createElement("span"); names.lang = "en"; names.textContent = d.lead.join(", ");
        meta.appendChild(names);
      }
      li.appendChild(meta); list.appendChild(li);
    });
    if (heading) { heading.textContent = ""; heading.appendChild(matching(hits.length)); }
    if (pager) { pager.hidden = true; }
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var words = fold(box.value);
    if (!words.length) { window.location.reload(); return; }
    if (index) { show(words); return; }
    fetch(form.dataset.index).then(function (r) { return r.json(); })
      .then(function (data) { index = data; show(words); })
      .catch(function () { if (heading) { heading.textContent = T.failed || "The search index could not be loaded."; } });
  });
}());
