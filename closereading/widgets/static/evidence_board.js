// @ts-check
// Close Reading Lab: the evidence board of notebook 07 (anywidget front end).
//
// Python holds the state: `rows` (each item of the student's work: kind, readable label, citation,
// what an answer code answers, the student's words, and `pin`, the id of its pin when it is pinned
// for the reading), `status` and `error`. This module draws them as a table; each row has the
// browser's own button, Pin or Unpin, so the mouse and the keyboard (Tab, then Enter or Space)
// both work, and a long note opens in full in a disclosure (<details>). Changes go to Python as
// {type: "pin", id} or {type: "unpin", id} through a KernelLink (prelude.js, put in front of this
// module), which says in place when Python has gone. Text is inserted as text, never as HTML.

/**
 * @typedef {EvidenceBoard.Traits} Traits Python's data (traits.d.ts)
 * @typedef {EvidenceBoard.Row} Row
 * @typedef {AnyModel<Traits>} Model
 */

/** The student's words: the short form, and the whole in a disclosure when it is longer.
 * @param {Row} row */
function words(row) {
  if (!row.detail) return h("td", {}, "—");
  if (row.short === row.detail) return h("td", {}, row.detail);
  return h("td", {}, h("details", {}, h("summary", {}, row.short), h("p", {}, row.detail)));
}

/** @param {Row} row @param {KernelLink<Traits>} link */
function action(row, link) {
  const pinned = Boolean(row.pin);
  const button = h("button", {
    type: "button",
    class: pinned ? "cr-unpin" : "cr-pin",
    "aria-pressed": String(pinned),
    "aria-label": `${pinned ? "Unpin" : "Pin"} ${row.kind} “${row.label}” ${pinned ? "from" : "for"} the reading`,
  }, pinned ? "Unpin" : "Pin");
  button.addEventListener("click", () => {
    link.send(pinned ? { type: "unpin", id: row.pin } : { type: "pin", id: row.id });
  });
  return h("td", {}, button);
}

/** @param {Model} model @param {HTMLTableElement} table @param {KernelLink<Traits>} link */
function draw(model, table, link) {
  const rows = model.get("rows");
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.row : undefined;
  const body = h("tbody");
  for (const row of rows) {
    const label = h("td", {}, h("strong", {}, row.label),
      row.about ? h("small", { class: "cr-about" }, ` on ${row.about}`) : null);
    const tr = h("tr", { class: row.pin ? "cr-pinned" : "" },
      h("td", {}, row.pin ? "Pinned" : ""), h("td", {}, row.kind), label,
      h("td", {}, row.citation || "—"), words(row), action(row, link));
    tr.querySelector("button")?.setAttribute("data-row", row.id);
    body.append(tr);
  }
  table.replaceChildren(
    h("caption", {}, "Your evidence: pin what the reading will use"),
    h("thead", {}, h("tr", {}, ...["", "kind", "what", "where", "your words", ""].map(
      (t) => h("th", { scope: "col" }, t)))),
    body);
  // The button used keeps the focus after Python redraws the table.
  if (focused) /** @type {HTMLElement | null} */ (table.querySelector(`[data-row="${CSS.escape(focused)}"]`))?.focus();
}

/** @param {RenderProps<Traits>} props */
function render({ model, el }) {
  const table = h("table", { class: "cr-board" });
  const status = h("p", { role: "status", class: "cr-status" });
  const error = h("p", { role: "alert", class: "cr-error", hidden: true });
  const offline = h("p", { role: "alert", class: "cr-offline-message", hidden: true });
  const root = h("div", { class: "closereading-evidence", "data-lm-suppress-shortcuts": "true" },
    offline, table, status, error);
  keepKeys(root);
  el.append(root);
  const place = { task: "pinning", root, messageEl: offline, statusEl: status, rootClass: "cr-offline" };
  const showStatus = () => {
    if (!link.live) { showNotConnected(link, place); return; }
    status.textContent = statusText(link, model.get("status"));
    error.textContent = model.get("error");
    error.hidden = !model.get("error");
  };
  const link = connectWidget(model, place, { done: showStatus });
  draw(model, table, link);
  showStatus();
  model.on("change:rows", () => { if (link.live) draw(model, table, link); });
  model.on("change:status", showStatus);
  model.on("change:error", showStatus);
  return () => link.close();
}

export default { render };
