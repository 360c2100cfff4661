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
      var meta = document.createElement("div"); meta.className = "meta";
      meta.textContent = [d.year, d.lead.length ? "lead " + d.lead.join(", ") : ""].filter(Boolean).join(" · ");
      li.appendChild(meta); list.appendChild(li);
    });
    if (heading) { heading.textContent = hits.length + (hits.length === 1 ? " activity" : " activities") + " matching “" + box.value + "”"; }
    if (pager) { pager.hidden = true; }
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var words = fold(box.value);
    if (!words.length) { window.location.reload(); return; }
    if (index) { show(words); return; }
    fetch(form.dataset.index).then(function (r) { return r.json(); })
      .then(function (data) { index = data; show(words); })
      .catch(function () { if (heading) { heading.textContent = "The search index could not be loaded."; } });
  });
}());
