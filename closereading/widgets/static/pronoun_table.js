// @ts-check
// Close Reading Lab: the pronoun table (anywidget front end).
//
// Python holds the state: `rows` (each pronoun with its context, referent and note), `referents`
// ([id, label] pairs) and `status`. This module draws them as a table of the browser's own
// controls, a <select> and a text box per row, and reports each change as a message
// ({type: "assign", number, referent} or {type: "note", number, note}). Typing letters in a list
// jumps to a referent by any word of its label. Text is inserted as text,
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
 * @typedef {{link: KernelLink<Traits>, selects: HTMLSelectElement[], notes: HTMLTextAreaElement[]}} Controls
 */

/** How long typed letters add up to one search of the referents, in milliseconds. */
const TYPE_AHEAD_MS = 900;

/**
 * The referent whose label has a word starting with `typed` (case aside; "the" and "a" left out,
 * since four labels begin with "the"), looking from the one after `from` and round again.
 * Returns its index among `labels`, or -1.
 * @param {string[]} labels @param {string} typed @param {number} from
 */
function matchReferent(labels, typed, from) {
  const wanted = typed.toLowerCase();
  for (let step = 1; step <= labels.length; step += 1) {
    const i = (from + step) % labels.length;
    const words = labels[i].toLowerCase().split(/[^\p{L}\p{N}']+/u).filter((w) => w && w !== "the" && w !== "a");
    if (words.some((w) => w.startsWith(wanted))) return i;
  }
  return -1;
}

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
  // Type a letter or two to jump to a referent by any of its words ("g" for the government,
  // "n" for Russia as a nation), not only by its first letter, which is "t" for four of them.
  let typed = "";
  let typedAt = 0;
  select.addEventListener("keydown", (event) => {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey || !/\p{L}/u.test(event.key)) return;
    const now = Date.now();
    typed = now - typedAt < TYPE_AHEAD_MS ? typed + event.key : event.key;
    typedAt = now;
    const labels = Array.from(select.options, (o) => o.textContent || "");
    const found = matchReferent(labels, typed, typed.length > 1 ? select.selectedIndex - 1 : select.selectedIndex);
    event.preventDefault();
    if (found < 1 || found === select.selectedIndex) return; // 0 is "— choose —"
    select.selectedIndex = found;
    select.dispatchEvent(new Event("change"));
  });
  controls.selects.push(select);
  return h("td", {}, select);
}

/** @param {Model} model @param {Row} row @param {Controls} controls */
function note(model, row, controls) {
  // A box of two lines that grows with the note (no note is cut short); saved when the reader
  // pauses or leaves the box. Enter starts a new line.
  const box = h("textarea", {
    class: `cr-pronoun-note-${row.number}`,
    rows: "2",
    placeholder: "note (optional)",
    "aria-label": `Note on pronoun ${row.number}`,
  });
  box.value = row.note;
  const send = () => {
    const saved = model.get("rows")[row.number - 1].note;
    if (box.value !== saved) controls.link.send({ type: "note", number: row.number, note: box.value });
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pause;
  box.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(send, 1000);
    box.style.height = "auto";
    box.style.height = `${box.scrollHeight}px`;
  });
  box.addEventListener("change", () => { clearTimeout(pause); send(); });
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
  keepKeys(root);
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
