// The query page: runs the editor's query on the endpoint and shows the answer as a table.
"use strict";

const SPARQL_JSON = "application/sparql-results+json";

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    // the dataset's IRIs lead to this server's pages (Linked Data), others to where they are
    const namespace = document.getElementById("query-form").dataset.namespace;
    a.href = term.value.startsWith(namespace)
      ? "/" + term.value.slice(namespace.length)
      : term.value;
    a.textContent = term.value;
    td.append(a);
  } else {
    td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
    const lang = term["xml:lang"];
    if (lang) {
      const small = document.createElement("small");
      small.textContent = " @" + lang;
      td.append(small);
    }
  }
  return td;
}

function table(document_) {
  const vars = document_.head.vars;
  const rows = document_.results.bindings;
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = v;
    head.append(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) tr.append(cell(row[v]));
  }
  return [t, rows.length];
}

function message(className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

async function run(form, results, status) {
  const query = form.querySelector("#query").value;
  results.replaceChildren();
  status.textContent = "…";
  let response;
  try {
    response = await fetch(form.dataset.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: SPARQL_JSON + ", text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
  } catch (err) {
    status.textContent = "";
    results.append(message("error", "The server did not answer: " + err));
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    if (type.includes("json")) {
      const problem = await response.json();
      detail = response.status + " " + problem.title + ": " + problem.detail;
    }
    status.textContent = "";
    results.append(message("error", detail));
    return;
  }
  if (type.startsWith(SPARQL_JSON)) {
    const answer = await response.json();
    if ("boolean" in answer) {
      status.textContent = "";
      results.append(message("boolean", answer.boolean ? "ano · yes (true)" : "ne · no (false)"));
    } else {
      const [t, count] = table(answer);
      status.textContent = count + " řádků · rows";
      results.append(t);
    }
  } else {
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    status.textContent = "";
    results.append(pre);
  }
  const cut = response.headers.get("Lpkg-Rows-Cut");
  if (cut) results.prepend(message("note", "Jen prvních " + cut + " řádků · Only the first " + cut + " rows are shown."));
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("query-form");
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  const examples = JSON.parse(document.getElementById("examples").textContent);
  document.getElementById("example").addEventListener("change", (event) => {
    const chosen = examples.find((q) => q.name === event.target.value);
    if (chosen) form.querySelector("#query").value = chosen.text;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(form, results, status);
  });
});
