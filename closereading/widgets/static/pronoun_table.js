// Close Reading Lab: the pronoun table (anywidget front end).
//
// Python holds the state: `rows` (each pronoun with its context, referent and note), `referents`
// ([id, label] pairs) and `status`. This module draws them as a table of the browser's own
// controls, a <select> and a text box per row, and reports each change as a message
// ({type: "assign", number, referent} or {type: "note", number, note}). Text is inserted as text,
// never as HTML. Keys pressed in the table stay in it (the root stops their propagation and
// carries data-lm-suppress-shortcuts), so arrow keys and letters reach the lists and boxes
// instead of JupyterLab's notebook commands; Escape and Shift/Ctrl + Enter still reach JupyterLab. When Python sends rows back
// after a change, the controls are updated in place, so the list or box being used keeps focus.
//
// Changes go to Python through a KernelLink (connection.js, put in front of this module): if the
// kernel has gone, the table says so in place, counts the changes that were not saved and refuses
// new ones.

const EDITS = ["assign", "note"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

function context(row) {
  return el("td", { class: "cr-context" },
    el("small", {}, `turn ${row.turn} · ${row.speaker}`), " … ", row.left, " ",
    el("strong", {}, el("u", {}, row.word)), " ", row.right, " …");
}

function choice(model, row, controls) {
  const select = el("select", {
    class: `cr-pronoun-${row.number}`,
    "aria-label": `Referent of pronoun ${row.number}, “${row.word}” in turn ${row.turn}`,
  });
  select.append(el("option", { value: "" }, "— choose —"));
  for (const [id, label] of model.get("referents")) {
    select.append(el("option", { value: id }, label));
  }
  select.value = row.referent;
  select.addEventListener("change", () => {
    controls.link.send({ type: "assign", number: row.number, referent: select.value });
  });
  controls.selects.push(select);
  return el("td", {}, select);
}

function note(model, row, controls) {
  const box = el("input", {
    type: "text",
    class: `cr-pronoun-note-${row.number}`,
    placeholder: "note (optional)",
    "aria-label": `Note on pronoun ${row.number}`,
  });
  box.value = row.note;
  const send = () => {
    const saved = model.get("rows")[row.number - 1].note;
    if (box.value !== saved) controls.link.send({ type: "note", number: row.number, note: box.value });
  };
  box.addEventListener("change", send);
  box.addEventListener("keydown", (event) => { if (event.key === "Enter") send(); });
  controls.notes.push(box);
  return el("td", {}, box);
}

function update(model, controls) {
  model.get("rows").forEach((row, i) => {
    // A list or box in use keeps what the reader is doing: Python's echo of an earlier key
    // press must not pull the choice back while the arrow keys are still moving it.
    const select = controls.selects[i];
    if (document.activeElement !== select && select.value !== row.referent) {
      select.value = row.referent;
    }
    if (document.activeElement !== controls.notes[i]) controls.notes[i].value = row.note;
  });
}

function draw(model, table, status, controls) {
  const rows = model.get("rows");
  if (!controls.link.live) return;
  if (controls.selects.length === rows.length && rows.length) {
    update(model, controls);
    return;
  }
  controls.selects = [];
  controls.notes = [];
  const body = el("tbody");
  for (const row of rows) {
    body.append(el("tr", {}, el("td", {}, `${row.number}.`), context(row),
      choice(model, row, controls), note(model, row, controls)));
  }
  table.replaceChildren(
    el("caption", {}, "Each first-person plural in its context; choose whom it refers to."),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "#"),
      el("th", { scope: "col" }, "pronoun in context"), el("th", { scope: "col" }, "referent"),
      el("th", { scope: "col" }, "note"))),
    body);
  status.textContent = model.get("status");
}

function render({ model, el: host }) {
  const table = el("table");
  const status = el("p", { role: "status", class: "cr-status" });
  const offline = el("p", { role: "alert", class: "cr-offline-message" });
  offline.hidden = true;
  const root = el("div", { class: "closereading-pronouns", "data-lm-suppress-shortcuts": "true" },
    offline, table, status);
  root.addEventListener("keydown", (event) => {
    const leave = event.key === "Escape" || (event.key === "Enter" && (event.shiftKey || event.ctrlKey));
    if (!leave) event.stopPropagation();
  });
  host.append(root);
  const controls = { selects: [], notes: [] };
  const showStatus = () => {
    if (!controls.link.live) {
      showNotConnected(controls.link, "choosing referents",
                       { root, messageEl: offline, statusEl: status, rootClass: "cr-offline" });
    }
    else status.textContent = controls.link.waiting.size ? "Saving…" : model.get("status");
  };
  controls.link = new KernelLink(model, EDITS, {
    saving: showStatus,
    busy: () => { status.textContent = KERNEL_BUSY_TEXT; },
    done: showStatus,
    offline: showStatus,
  });
  draw(model, table, status, controls);
  model.on("change:rows", () => draw(model, table, status, controls));
  model.on("change:status", showStatus);
  return () => controls.link.close();
}

export default { render };
