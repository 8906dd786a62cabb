// @ts-check
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
// Changes go to Python through a KernelLink (prelude.js, put in front of this module): if the
// kernel has gone, the table says so in place, counts the changes that were not saved and refuses
// new ones.

/**
 * @typedef {PronounTable.Traits} Traits Python's data (traits.d.ts)
 * @typedef {PronounTable.Row} Row
 * @typedef {AnyModel<Traits>} Model
 * @typedef {{link: KernelLink<Traits>, selects: HTMLSelectElement[], notes: HTMLInputElement[]}} Controls
 */

/** @param {Row} row */
function context(row) {
  return h("td", { class: "cr-context" },
    h("small", {}, `turn ${row.turn} · ${row.speaker}`), " … ", row.left, " ",
    h("strong", {}, h("u", {}, row.word)), " ", row.right, " …");
}

/** @param {Model} model @param {Row} row @param {Controls} controls */
function choice(model, row, controls) {
  const select = h("select", {
    class: `cr-pronoun-${row.number}`,
    "aria-label": `Referent of pronoun ${row.number}, “${row.word}” in turn ${row.turn}`,
  });
  select.append(h("option", { value: "" }, "— choose —"));
  for (const [id, label] of model.get("referents")) {
    select.append(h("option", { value: id }, label));
  }
  select.value = row.referent;
  select.addEventListener("change", () => {
    controls.link.send({ type: "assign", number: row.number, referent: select.value });
  });
  controls.selects.push(select);
  return h("td", {}, select);
}

/** @param {Model} model @param {Row} row @param {Controls} controls */
function note(model, row, controls) {
  const box = h("input", {
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
  return h("td", {}, box);
}

/** @param {Model} model @param {Controls} controls */
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

/** @param {Model} model @param {HTMLTableElement} table @param {HTMLElement} status @param {Controls} controls */
function draw(model, table, status, controls) {
  const rows = model.get("rows");
  if (!controls.link.live) return;
  if (controls.selects.length === rows.length && rows.length) {
    update(model, controls);
    return;
  }
  controls.selects = [];
  controls.notes = [];
  const body = h("tbody");
  for (const row of rows) {
    body.append(h("tr", {}, h("td", {}, `${row.number}.`), context(row),
      choice(model, row, controls), note(model, row, controls)));
  }
  table.replaceChildren(
    h("caption", {}, "Each first-person plural in its context; choose whom it refers to."),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"),
      h("th", { scope: "col" }, "pronoun in context"), h("th", { scope: "col" }, "referent"),
      h("th", { scope: "col" }, "note"))),
    body);
  status.textContent = model.get("status");
}

/** @param {RenderProps<Traits>} props */
function render({ model, el }) {
  const table = h("table");
  const status = h("p", { role: "status", class: "cr-status" });
  const offline = h("p", { role: "alert", class: "cr-offline-message", hidden: true });
  const root = h("div", { class: "closereading-pronouns", "data-lm-suppress-shortcuts": "true" },
    offline, table, status);
  root.addEventListener("keydown", (event) => {
    const leave = event.key === "Escape" || (event.key === "Enter" && (event.shiftKey || event.ctrlKey));
    if (!leave) event.stopPropagation();
  });
  el.append(root);
  const place = { task: "choosing referents", root, messageEl: offline, statusEl: status, rootClass: "cr-offline" };
  const showStatus = () => {
    if (controls.link.live) status.textContent = statusText(controls.link, model.get("status"));
    else showNotConnected(controls.link, place);
  };
  /** @type {Controls} */
  const controls = { link: connectWidget(model, place, { done: showStatus }), selects: [], notes: [] };
  draw(model, table, status, controls);
  model.on("change:rows", () => draw(model, table, status, controls));
  model.on("change:status", showStatus);
  return () => controls.link.close();
}

export default { render };
