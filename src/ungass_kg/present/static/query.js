// The SPARQL query page: runs the query on the endpoint with fetch() and shows the results as a
// table. Every value is put in with textContent, so data can never become markup.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var box = document.getElementById("query");
  var select = document.getElementById("example");
  var out = document.getElementById("results");
  var status = document.getElementById("status");
  if (!form) { return; }
  // Result IRIs use the canonical base; links go to this host, like every other page.
  var canonical = form.dataset.canonicalBase || "", local = form.dataset.localBase || "";
  function localHref(iri) {
    return canonical && iri.indexOf(canonical) === 0 ? local + iri.slice(canonical.length) : iri;
  }
  if (select) {
    select.addEventListener("change", function () {
      var opt = select.options[select.selectedIndex];
      if (opt && opt.dataset.query) { box.value = opt.dataset.query; }
    });
  }
  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri" && /^https?:/i.test(term.value)) {
      var a = document.createElement("a");
      a.href = localHref(term.value); a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }
  function table(data) {
    var vars = data.head.vars || [];
    var t = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = data.results.bindings.length + " row(s)";
    t.appendChild(cap);
    var head = t.createTHead().insertRow();
    vars.forEach(function (v) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.appendChild(th);
    });
    var body = t.createTBody();
    data.results.bindings.forEach(function (b) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
    });
    return t;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    status.textContent = "Running…";
    out.textContent = "";
    // GET for ordinary queries (cacheable, and allowed cross-origin for a static site that
    // points at a live endpoint); POST when the query is too long for a URL.
    var params = new URLSearchParams(); params.set("query", box.value);
    var accept = { "Accept": "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1" };
    var request = box.value.length < 1500
      ? fetch(form.action + "?" + params.toString(), { headers: accept })
      : fetch(form.action, { method: "POST", body: params, headers: accept });
    request
      .then(function (r) {
        var type = r.headers.get("content-type") || "";
        return r.text().then(function (text) { return { ok: r.ok, status: r.status, type: type, text: text }; });
      })
      .then(function (res) {
        if (!res.ok) {
          status.textContent = "Error " + res.status;
          var pre = document.createElement("pre"); pre.textContent = res.text; out.appendChild(pre);
          return;
        }
        if (res.type.indexOf("json") >= 0) {
          var data = JSON.parse(res.text);
          if (typeof data.boolean === "boolean") {
            status.textContent = "Done"; out.textContent = "Answer: " + data.boolean; return;
          }
          if (data.results) { status.textContent = "Done"; out.appendChild(table(data)); return; }
        }
        status.textContent = "Done";
        var p = document.createElement("pre"); p.textContent = res.text; out.appendChild(p);
      })
      .catch(function (e) { status.textContent = "The query could not be sent: " + e; });
  });
}());
