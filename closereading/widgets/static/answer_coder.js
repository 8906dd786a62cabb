// @ts-check
// Close Reading Lab: the answer coder (anywidget front end).
//
// Python holds the state (traits) and every rule: what a question unit is, snapping a selection
// to whole words inside one turn, what may be evidence, merging and splitting, undo and saving.
// This module draws what Python sends, maps the reader's selection to character offsets, and
// reports what the reader does as messages ({type: "select" | "step" | "clear" | "outcome" |
// "form" | "evidence" | "remove-evidence" | "justify" | "merge" | "split" | "clear-code" |
// "undo", ...}); `current` and `show_reference` are set directly.
//
// Transcript text, labels and the reader's words are always inserted as text nodes, never as HTML.
//
// Every change goes to Python through a KernelLink (prelude.js, put in front of this module):
// "Saving…" until Python has written the file; if the kernel has gone, the coder says so in place,
// counts the changes that were not saved and refuses new ones.

/**
 * Python's data (traits.d.ts): AnswerCoder.Traits, .Unit, .Code, ...
 * @typedef {AnswerCoder.Traits} Traits
 * @typedef {{model: AnyModel<Traits>, link: KernelLink<Traits>}} State
 * @typedef {ReturnType<typeof createView>} View
 */

const HELP =
  "Choose a unit (↑ ↓ in the list). Press 1–4 for an outcome. Select words of the answer with " +
  "the mouse, or click in the answer and use ← → (Shift for more words) and ↑ ↓ (a sentence); " +
  "press E to add them as evidence. Ctrl+Z undoes. Everything is saved as you go.";

/** @param {State} state @param {{type: string, [key: string]: unknown}} message */
function send(state, message) {
  state.link.send(message);
}

/** @param {State} state */
function currentUnit(state) {
  const id = state.model.get("current");
  return state.model.get("units").find((u) => u.id === id) || null;
}

/** @param {State} state @param {string} id */
function setCurrent(state, id) {
  state.link.set("current", id);
}

// --- the skeleton ---------------------------------------------------------------------------

/** @param {AnyModel<Traits>} model @param {HTMLElement} el */
function createView(model, el) {
  const doc = model.get("document");
  const helpId = `ca-help-${Math.random().toString(36).slice(2)}`;
  const view = {
    root: h("div", { class: "closereading-answer-coder", "data-lm-suppress-shortcuts": "true" }),
    list: h("ul", { class: "ca-units", role: "listbox", tabindex: "0", "aria-label": "Question units",
                    "aria-describedby": helpId }),
    detail: h("section", { class: "ca-detail", "aria-label": "The unit and its answer" }),
    undoButton: h("button", { type: "button", class: "ca-button", text: "Undo", title: "Undo the last change (Ctrl+Z)" }),
    referenceToggle: h("input", { type: "checkbox" }),
    finishedToggle: h("input", { type: "checkbox" }),
    statusEl: h("p", { class: "ca-status", role: "status", "aria-live": "polite" }),
    errorEl: h("p", { class: "ca-error", role: "alert" }),
    offlineEl: h("p", { class: "ca-offline-message", role: "alert", hidden: true }),
    referenceEl: h("section", { class: "ca-reference", "aria-label": "Comparison with the reference coding" }),
    /** @type {HTMLElement[]} the answer's pieces of text, in order (drawAnswer) */
    segs: [],
  };
  const heading = h("p", { class: "ca-title" }, h("strong", { text: doc.title || doc.id }));
  if (doc.constructed) heading.append(h("span", { class: "ca-constructed", text: " · Constructed for practice, not a real interview." }));
  view.root.append(
    heading,
    h("p", { class: "ca-help", id: helpId, text: HELP }),
    h("div", { class: "ca-toolbar" }, view.undoButton,
      h("label", { class: "ca-toggle" }, view.finishedToggle, " I have finished coding"),
      h("label", { class: "ca-toggle" }, view.referenceToggle, " Show the reference coding")),
    h("div", { class: "ca-body" }, view.list, view.detail),
    view.offlineEl, view.statusEl, view.errorEl, view.referenceEl);
  el.replaceChildren(view.root);
  // Where the coder says that Python has gone; every control that would change the file refuses.
  /** @type {NoticePlace} */
  const place = { task: "coding", root: view.root, messageEl: view.offlineEl, statusEl: view.statusEl, rootClass: "ca-offline" };
  return { ...view, place };
}

// --- the list of units ------------------------------------------------------------------------

/** @param {State} state @param {View} view */
function drawList(state, view) {
  const current = state.model.get("current");
  view.list.replaceChildren(...state.model.get("units").map((unit) => {
    const code = unit.code && unit.code.outcome ? unit.code.summary : "not coded yet";
    const first = unit.segments.find((s) => s.role === "interrogative") || unit.segments[0];
    return h("li", {
      class: "ca-unit" + (unit.id === current ? " ca-current" : ""), role: "option",
      id: `${view.list.id || "ca"}-${unit.id}`, "aria-selected": unit.id === current ? "true" : "false",
      data: { unit: unit.id }, onclick: () => setCurrent(state, unit.id),
    },
    h("span", { class: "ca-unit-label", text: `${unit.label} · turn ${unit.turn + 1}` }),
    h("span", { class: "ca-unit-text", text: first.short }),
    h("span", { class: "ca-unit-code", data: { outcome: unit.code ? unit.code.outcome : "" },
                text: `${symbolOf(unit)} ${code}` }));
  }));
}

/** @param {AnswerCoder.Unit} unit */
function symbolOf(unit) {
  const outcome = unit.code ? unit.code.outcome : "";
  /** @type {Record<string, string>} */
  const symbols = { reply: "✓", intermediate: "≈", "non-reply": "✗", "no-question": "–" };
  return symbols[outcome] || "○";
}

/** @param {State} state @param {KeyboardEvent} event */
function onListKey(state, event) {
  const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
  if (!step) return;
  const units = state.model.get("units");
  const at = units.findIndex((u) => u.id === state.model.get("current"));
  const next = units[Math.max(0, Math.min(units.length - 1, at + step))];
  if (next) setCurrent(state, next.id);
  event.preventDefault();
}

// --- the unit, its answer and its code --------------------------------------------------------------

/** @param {State} state @param {AnswerCoder.Unit} unit */
function drawQuestion(state, unit) {
  const text = state.model.get("document").text;
  const rows = unit.segments.map((s, i) => h("li", { class: `ca-seg-${s.role}` },
    h("span", { class: "ca-role", text: s.role === "interrogative" ? `Question (${s.form})` : "Framing" }),
    " ", text.slice(s.start, s.end),
    i > 0 ? h("button", { type: "button", class: "ca-button ca-small", text: "Split here",
                          title: "Start a new unit with this sentence", data: { key: `split-${s.start}` },
                          onclick: () => send(state, { type: "split", unit: unit.id, at: s.start }) }) : null));
  const merge = unit.can_merge ? h("button", { type: "button", class: "ca-button ca-small", text: "Merge with the next unit", data: { key: "merge" },
    onclick: () => send(state, { type: "merge", unit: unit.id }) }) : null;
  return h("div", { class: "ca-question" },
    h("h4", { text: `${unit.label} · turn ${unit.turn + 1} · ${unit.speaker}` }),
    h("ol", { class: "ca-segments" }, rows), merge);
}

/** The answer's text, cut where evidence and the selection begin and end.
 * @param {State} state @param {View} view @param {AnswerCoder.Unit} unit */
function drawAnswer(state, view, unit) {
  view.segs = [];
  if (!unit.answer) return h("p", { class: "ca-note", text: "No one answers this unit in the transcript." });
  const text = state.model.get("document").text;
  const { start, end } = unit.answer;
  const evidence = unit.code ? unit.code.evidence : [];
  const selection = state.model.get("selection");
  const cuts = new Set([start, end]);
  for (const e of evidence) { cuts.add(e.start); cuts.add(e.end); }
  if (selection.length === 2) { cuts.add(selection[0]); cuts.add(selection[1]); }
  const order = [...cuts].filter((c) => c >= start && c <= end).sort((a, b) => a - b);
  const box = h("div", { class: "ca-answer-text", tabindex: "0", role: "region", data: { key: "answer" },
                         "aria-label": `Answer, turn ${unit.answer.turn + 1}, ${unit.answer.speaker}` });
  for (let i = 0; i + 1 < order.length; i++) {
    const a = order[i], b = order[i + 1];
    const which = evidence.findIndex((e) => e.start <= a && e.end >= b);
    const chosen = selection.length === 2 && selection[0] <= a && selection[1] >= b;
    const seg = h("span", { class: "ca-seg" + (which >= 0 ? " ca-evidence" : "") + (chosen ? " ca-chosen" : ""),
                            data: { start: a, end: b } }, text.slice(a, b));
    view.segs.push(seg);
    if (evidence.some((e) => e.start === a)) box.append(h("span", { class: "ca-bracket", "aria-hidden": "true", text: "⟦" }));
    box.append(seg);
    const closing = evidence.findIndex((e) => e.end === b);
    if (closing >= 0) box.append(h("span", { class: "ca-bracket", "aria-hidden": "true", text: `⟧E${closing + 1}` }));
  }
  box.addEventListener("keydown", (event) => onAnswerKey(state, event));
  return h("div", { class: "ca-answer" },
    h("h4", { text: `Answer · turn ${unit.answer.turn + 1} · ${unit.answer.speaker}` }), box,
    h("p", { class: "ca-selected", role: "status", "aria-live": "polite",
             text: state.model.get("selected_quote") ? `Selected: “${state.model.get("selected_quote")}”` : "Nothing selected." }),
    h("button", { type: "button", class: "ca-button", text: "Add the selected words as evidence (E)", data: { key: "evidence" },
                  disabled: selection.length !== 2, onclick: () => send(state, { type: "evidence", unit: unit.id }) }));
}

/** @param {State} state @param {AnswerCoder.Unit} unit */
function drawCode(state, unit) {
  /** @type {AnswerCoder.Code} */
  const code = unit.code || { outcome: "", form: "", summary: "", evidence: [], justification: "" };
  const name = `ca-outcome-${unit.id}-${Math.random().toString(36).slice(2)}`;
  const outcomes = h("fieldset", { class: "ca-outcomes" }, h("legend", { text: "Outcome (Bull 1994)" }),
    state.model.get("outcomes").map((o) => h("label", { class: "ca-outcome", title: o.description },
      h("input", { type: "radio", name, value: o.id, checked: code.outcome === o.id, data: { key: `outcome-${o.id}` },
                   onchange: () => send(state, { type: "outcome", unit: unit.id, outcome: o.id }) }),
      h("kbd", { text: o.key }), ` ${o.label}`)));
  const select = h("select", { class: "ca-form", disabled: code.outcome !== "non-reply", data: { key: "form" },
                               "aria-label": "Form of non-reply (Bull and Mayer 1993)",
                               onchange: () => send(state, { type: "form", unit: unit.id, form: select.value }) },
    h("option", { value: "", text: "— choose a form —", selected: !code.form, disabled: true }),
    state.model.get("forms").map((f, i) => h("option", { value: f.id, selected: code.form === f.id,
                                                          text: `${i + 1}. ${f.label}` })));
  const evidence = h("ol", { class: "ca-evidence-list" }, code.evidence.map((e, i) => h("li", {},
    h("span", { text: `E${i + 1} “${e.short_quote}” ` }),
    h("button", { type: "button", class: "ca-button ca-small", text: "Remove", "aria-label": `Remove evidence E${i + 1}`,
                  data: { key: `remove-${e.start}` },
                  onclick: () => send(state, { type: "remove-evidence", unit: unit.id, start: e.start, end: e.end }) }))));
  const note = h("textarea", { class: "ca-justification", rows: "3", "aria-label": `Why ${unit.label} has this code`, data: { key: "why" },
                               placeholder: "Why this code? Quote the words that show it. (Enter saves; Shift+Enter for a new line.)" });
  note.value = code.justification;
  let sent = code.justification; // a box removed by a redraw fires blur: never send twice
  const commit = () => {
    if (note.value === sent) return;
    sent = note.value;
    send(state, { type: "justify", unit: unit.id, text: note.value });
  };
  note.addEventListener("blur", commit);
  note.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); commit(); } });
  return h("div", { class: "ca-code" }, outcomes,
    h("label", { class: "ca-form-label" }, "Form of non-reply (Bull & Mayer 1993): ", select),
    h("p", { class: "ca-subhead", text: code.evidence.length ? "Evidence:" : "No evidence yet." }), evidence,
    h("label", { class: "ca-form-label", text: "Justification:" }), note,
    unit.code ? h("button", { type: "button", class: "ca-button ca-small", text: "Clear this code",
                              onclick: () => send(state, { type: "clear-code", unit: unit.id }) }) : null);
}

/** Redraw the unit's panel, putting the keyboard focus back on the control that had it (each
 * control carries a data-key that survives the redraw).
 * @param {State} state @param {View} view */
function drawDetail(state, view) {
  const unit = currentUnit(state);
  if (!unit) { view.detail.replaceChildren(h("p", { text: "This transcript has no question units." })); return; }
  const focused = document.activeElement;
  const key = focused instanceof HTMLElement && view.detail.contains(focused) ? focused.dataset.key : undefined;
  const why = key === "why" && focused instanceof HTMLTextAreaElement ? focused : null;
  const caret = why ? why.selectionStart : null;
  const typed = why ? why.value : null; // not yet saved: keep it
  view.detail.replaceChildren(drawQuestion(state, unit), drawAnswer(state, view, unit), drawCode(state, unit));
  if (!key) return;
  const again = view.detail.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (!(again instanceof HTMLElement)) return view.list.focus({ preventScroll: true });
  again.focus({ preventScroll: true });
  if (!(again instanceof HTMLTextAreaElement)) return;
  if (typed !== null) again.value = typed;
  if (caret !== null) again.setSelectionRange(caret, caret);
}

// --- selection: reported raw, snapped by Python ---------------------------------------------------

/** @param {State} state @param {View} view */
function readMouseSelection(state, view) {
  const selection = window.getSelection();
  const box = view.detail.querySelector(".ca-answer-text");
  if (!box || !selection || !selection.rangeCount || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  if (!box.contains(range.commonAncestorContainer)) return;
  const start = pointToOffset(view.segs, range.startContainer, range.startOffset, false);
  const end = pointToOffset(view.segs, range.endContainer, range.endOffset, true);
  if (start === null || end === null || end <= start) return;
  const backward = selection.anchorNode === range.endContainer && selection.anchorOffset === range.endOffset;
  selection.removeAllRanges();
  send(state, { type: "select", start, end, backward });
}

/** @param {State} state @param {KeyboardEvent} event */
function onAnswerKey(state, event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape") { send(state, { type: "clear" }); event.preventDefault(); return; }
  const step = STEP_KEYS[event.key];
  if (!step) return;
  send(state, { type: "step", ...step, extend: event.shiftKey });
  event.preventDefault();
  event.stopPropagation();
}

/** @param {State} state @param {KeyboardEvent} event */
function onWidgetKey(state, event) {
  const key = event.key.toLowerCase();
  const command = event.ctrlKey || event.metaKey;
  if (command && key === "s") { event.preventDefault(); return; } // codes save themselves
  if (isTyping(event.target)) return;
  const unit = currentUnit(state);
  if (command && !event.shiftKey && !event.altKey && key === "z") {
    event.preventDefault();
    send(state, { type: "undo" });
  } else if (!command && !event.altKey && unit) {
    const outcome = state.model.get("outcomes").find((o) => o.key === key);
    if (outcome) { event.preventDefault(); send(state, { type: "outcome", unit: unit.id, outcome: outcome.id }); }
    else if (key === "e") { event.preventDefault(); send(state, { type: "evidence", unit: unit.id }); }
  }
}

// --- status and reference -----------------------------------------------------------------------

/** @param {State} state @param {View} view */
function drawStatus(state, view) {
  if (!state.link.live) { showNotConnected(state.link, view.place); return; }
  view.statusEl.textContent = statusText(state.link, state.model.get("status"));
  const error = state.model.get("error");
  view.errorEl.textContent = error;
  view.errorEl.hidden = !error;
  view.undoButton.disabled = !state.model.get("can_undo");
  view.referenceToggle.checked = state.model.get("show_reference");
  view.finishedToggle.checked = state.model.get("finished");
}

/** @param {State} state @param {View} view */
function drawReference(state, view) {
  const rows = state.model.get("reference");
  const note = state.model.get("reference_note");
  if (state.model.get("show_reference") && note) {
    view.referenceEl.replaceChildren(h("p", { class: "ca-reference-note", text: note }));
    return;
  }
  if (!state.model.get("show_reference") || !rows.length) { view.referenceEl.replaceChildren(); return; }
  const head = ["Unit", "Yours", "Reference", "Agreement", "Shared evidence", "Reference's rationale"];
  view.referenceEl.replaceChildren(
    h("h4", { text: "The reference coding: one careful reading, not an answer key" }),
    h("table", { class: "ca-reference-table" },
      h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows.map((r) => h("tr", { data: { agreement: r.agreement } },
        h("th", { scope: "row", text: r.unit_label }), h("td", { text: r.mine || "—" }),
        h("td", { text: r.reference || "—" }), h("td", { text: r.agreement }),
        h("td", { text: r.shared_evidence ? "yes: you cite some of the same words" : "no" }),
        h("td", { text: r.rationale }))))));
}

// --- wiring -------------------------------------------------------------------------------------

/** @param {RenderProps<Traits>} props */
function render({ model, el }) {
  const view = createView(model, el);
  const state = /** @type {State} */ ({ model });
  state.link = connectWidget(model, view.place, { done: () => drawStatus(state, view) });
  const redraw = () => { drawList(state, view); drawDetail(state, view); drawStatus(state, view); };
  const onMouseUp = () => readMouseSelection(state, view);
  document.addEventListener("mouseup", onMouseUp);
  view.list.addEventListener("keydown", (event) => onListKey(state, event));
  view.root.addEventListener("keydown", (event) => onWidgetKey(state, event));
  keepKeys(view.root); // ↑ ↓ in the list of forms change the form, not JupyterLab's cell
  view.undoButton.addEventListener("click", () => send(state, { type: "undo" }));
  view.referenceToggle.addEventListener("change", () => state.link.set("show_reference", view.referenceToggle.checked));
  view.finishedToggle.addEventListener("change", () => state.link.set("finished", view.finishedToggle.checked));
  for (const name of ["units", "current", "selection", "selected_quote"]) model.on(`change:${name}`, redraw);
  for (const name of ["status", "error", "can_undo", "show_reference", "finished"]) model.on(`change:${name}`, () => drawStatus(state, view));
  for (const name of ["reference", "show_reference", "reference_note"]) model.on(`change:${name}`, () => drawReference(state, view));
  redraw();
  drawReference(state, view);
  return () => { document.removeEventListener("mouseup", onMouseUp); state.link.close(); };
}

export default { render };
