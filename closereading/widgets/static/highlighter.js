// @ts-check
// Close Reading Lab: the rhetorical-move highlighter (anywidget front end).
//
// Python holds the state (traits) and every rule: snapping a selection to whole words, keeping it
// inside one turn, underline lanes for overlapping highlights, short quotes and all the wording of
// the comparison. This module only maps the page to character offsets, reports what the student
// does as custom messages ({type: "select" | "step" | "tag" | "clear" | "remove" | "note" |
// "undo", ...}; the two toggles are set directly) and draws what Python sends back.
//
// Text from the transcript, move labels and notes is always inserted as text nodes
// (textContent / append), never as HTML.
//
// Every change the student makes (tag, remove, note, undo, re-attach) goes out with a sequence
// number; Python answers {type: "done", seq, ok, saved} once it has written the file. Until then
// a new highlight is drawn as pending (a dashed outline); if no answer comes and the kernel is
// gone (its status, a send that throws, or a ping nobody answers), the widget says so in place,
// counts the changes that were not saved and refuses new ones. That link to Python is in
// prelude.js, shared with the course's other widgets and put in front of this module. A change
// redraws only the turns whose highlights changed.
//
// Longer than the course's ~300-line guide: one anywidget module is one file, and splitting the
// drawing from the events would only move the shared state into globals.

/**
 * Python's data (traits.d.ts): Highlighter.Traits, .Move, .Annotation, .Reference, ...
 * @typedef {Highlighter.Traits} Traits
 * @typedef {AnyModel<Traits>} Model
 * @typedef {{node: HTMLElement, segs: HTMLElement[], key: string}} Block
 * @typedef {ReturnType<typeof createView>} View
 */

/**
 * What the draw functions share: the model, lookups, and what this view alone remembers.
 * @typedef {object} State
 * @property {Model} model
 * @property {Highlighter.Doc} doc
 * @property {Highlighter.Move[]} moves
 * @property {Highlighter.Doc["style"]} style
 * @property {Map<string, Highlighter.Move>} moveById
 * @property {Map<string, Highlighter.Move>} moveByKey
 * @property {HTMLElement[]} segs the text's spans, in order, each with data-start / data-end
 * @property {Block[]} blocks one per part of the page; a block whose key is unchanged is kept
 * @property {string | null} badgeStop the highlight whose symbol is the text's one Tab stop among the symbols
 * @property {string[]} openIds highlights shown in the side panel
 * @property {Range | null} range the selection's range in the CSS highlight registry
 * @property {boolean} scrollToSelection set by a key or "Show in text": scroll when Python answers
 * @property {boolean} dropRawSelection set by a drag: drop the browser's own selection once ours is drawn
 * @property {KernelLink<Traits, HTMLElement>} conn the link to Python (prelude.js); an edit keeps its pending outlines
 */

const SELECTION_HIGHLIGHT = "closereading-selection";

/** Arrow keys in a toolbar or among the symbols: the next or the previous one.
 * @type {Readonly<Record<string, number>>} */
const ARROW_STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

const HELP = [
  "Select words with the mouse, or click in the text and use the arrow keys: ← → a word, Shift+← → more words, ↑ ↓ a sentence.",
  "Click a move above, or press its key.",
  "Click a highlight, or Tab to its symbol, to read its move and write a note.",
  "Ctrl+Z or Undo takes back the last change. Everything is saved as you go.",
];

/** Cut [start, end) at every span boundary: [{a, b, cover: [indexes of spans covering it]}].
 * @param {number} start @param {number} end @param {readonly {start: number, end: number}[]} spans */
function pieces(start, end, spans) {
  const cuts = new Set([start, end]);
  for (const s of spans) {
    if (s.start > start && s.start < end) cuts.add(s.start);
    if (s.end > start && s.end < end) cuts.add(s.end);
  }
  const order = [...cuts].sort((x, y) => x - y);
  /** @type {{a: number, b: number, cover: number[]}[]} */
  const out = [];
  for (let i = 0; i + 1 < order.length; i++) {
    const a = order[i], b = order[i + 1];
    /** @type {number[]} */
    const cover = [];
    spans.forEach((s, k) => { if (s.start <= a && s.end >= b) cover.push(k); });
    out.push({ a, b, cover });
  }
  return out;
}

// --- the skeleton and the state --------------------------------------------------------------

/** The widget's elements, empty; the draw functions below fill them.
 * @param {Model} model @param {HTMLElement} el */
function createView(model, el) {
  const doc = model.get("document");
  const helpId = `cr-help-${Math.random().toString(36).slice(2)}`;
  const view = {
    helpId,
    // Keys typed here are ours: JupyterLab and Notebook 7 must not turn "1" into a heading or
    // "d d" into a deleted cell while the student tags moves.
    root: h("div", { class: "closereading-highlighter", "data-lm-suppress-shortcuts": "true" }),
    selectedLine: h("p", { class: "cr-selected", role: "status", "aria-live": "polite" }),
    palette: h("div", { class: "cr-palette", role: "toolbar", "aria-label": "Rhetorical moves" }),
    cueToggle: h("input", { type: "checkbox" }),
    undoButton: h("button", { type: "button", class: "cr-button", text: "Undo",
                              title: "Undo the last change (Ctrl+Z)" }),
    compareButton: h("button", { type: "button", class: "cr-button",
                                 text: "Compare with the reference reading" }),
    textEl: h("div", { class: "cr-text", tabindex: "0", role: "region",
                       "aria-label": `Text of ${doc.title || "the transcript"}`, "aria-describedby": helpId }),
    // Always in the page, so the text's aria-describedby never points at nothing.
    helpEl: h("p", { class: "cr-sr-only", id: helpId, text: HELP.join(" ") }),
    pendingLayer: h("div", { class: "cr-pending-layer", "aria-hidden": "true" }),
    offlineEl: h("p", { class: "cr-offline-message", role: "alert", hidden: true }),
    orphansEl: h("section", { class: "cr-orphans", "aria-label": "Highlights that no longer match the text", hidden: true }),
    side: h("aside", { class: "cr-side", "aria-label": "Highlight details" }),
    statusEl: h("p", { class: "cr-status", role: "status", "aria-live": "polite" }),
    errorEl: h("p", { class: "cr-error", role: "alert" }),
    recoverButton: h("button", { type: "button", class: "cr-button cr-recover", hidden: true,
                                 text: "Recover: merge the file, its backup and the recovered file" }),
    legend: h("details", { class: "cr-legend" }),
    compareEl: h("section", { class: "cr-compare", "aria-label": "Comparison with the reference reading" }),
  };
  view.root.append(
    view.offlineEl,
    h("div", { class: "cr-toolbar" },
      view.palette,
      h("div", { class: "cr-actions" },
        h("label", { class: "cr-toggle" }, view.cueToggle, " Show cue words"),
        view.undoButton, view.compareButton),
      view.selectedLine),
    h("div", { class: "cr-body" }, view.textEl, view.side),
    view.orphansEl, view.statusEl, view.errorEl, view.recoverButton, view.helpEl, view.legend, view.compareEl,
  );
  el.replaceChildren(view.root);
  /** @type {NoticePlace} where the highlighter says that Python has gone */
  const place = { task: "highlighting", root: view.root, messageEl: view.offlineEl, statusEl: view.statusEl,
                  rootClass: "cr-offline", keep: ".cr-badge, .cr-close" }; // these only show things
  return { ...view, place };
}

/** The State (see its typedef), with its link to Python.
 * @param {Model} model @param {View} view */
function createState(model, view) {
  const doc = model.get("document");
  const moves = model.get("moves");
  /** @type {State} */
  const state = {
    model, doc, moves,
    style: doc.style || { neutral: "#767676", underline_gap_px: 5 },
    moveById: new Map(moves.map((m) => [m.id, m])),
    moveByKey: new Map(moves.map((m) => [m.key.toLowerCase(), m])),
    segs: [], blocks: [], badgeStop: null, openIds: [], range: null,
    scrollToSelection: false, dropRawSelection: false,
    // An edit's pending outlines go when Python answers it, and stay, marked unsaved, if
    // Python has gone.
    conn: connectWidget(model, view.place, {
      done: (entry) => {
        for (const outline of entry.pending) outline.remove();
        drawStatus(state, view); // Python's own words: "Saved ..." only now
      },
      offline: (unsaved) => {
        for (const entry of unsaved) for (const outline of entry.pending) outline.classList.add("cr-unsaved");
      },
    }),
  };
  return state;
}

// --- palette and legend ----------------------------------------------------------------------

/** @param {{symbol: string, colour: string}} move */
function chip(move) {
  return h("span", { class: "cr-chip", text: move.symbol, "aria-hidden": "true",
                     style: { "--cr-colour": move.colour } });
}

/** @param {State} state @param {Highlighter.Move | undefined} move @param {number} lane */
function markStyle(state, move, lane) {
  return {
    "--cr-colour": move ? move.colour : state.style.neutral,
    "--cr-style": move ? move.marker : "solid",
    "--cr-offset": `${3 + state.style.underline_gap_px * lane}px`,
  };
}

/** @param {State} state @param {View} view */
function drawPalette(state, view) {
  /** @type {Map<string, {label: string, moves: Highlighter.Move[]}>} */
  const families = new Map();
  for (const m of state.moves) {
    const family = families.get(m.family) || { label: m.family_label, moves: [] };
    family.moves.push(m);
    families.set(m.family, family);
  }
  view.palette.replaceChildren(...[...families.values()].map((family) =>
    h("div", { class: "cr-family", role: "group", "aria-label": family.label },
      h("span", { class: "cr-family-label", text: family.label }),
      family.moves.map((m) => h("button", {
        type: "button", class: "cr-move", title: `${m.label} (key ${m.key}): ${m.definition}`,
        tabindex: m === state.moves[0] ? "0" : "-1", // one Tab stop; arrow keys move along
        "aria-keyshortcuts": m.key, data: { move: m.id }, style: { "--cr-colour": m.colour },
        onmousedown: (event) => event.preventDefault(), // keep the text selection
        onclick: () => tag(state, view, m.id),
      }, h("kbd", { text: m.key }), chip(m), h("span", { class: "cr-move-label", text: m.label }))),
    )));
}

/** The palette is a toolbar: one Tab stop, arrow keys move between the moves.
 * @param {View} view @param {KeyboardEvent} event */
function onPaletteKey(view, event) {
  const step = ARROW_STEPS[event.key];
  if (!step) return;
  const buttons = [.../** @type {NodeListOf<HTMLButtonElement>} */ (view.palette.querySelectorAll(".cr-move"))];
  const at = buttons.indexOf(/** @type {HTMLButtonElement} */ (event.target));
  const next = buttons[(at + step + buttons.length) % buttons.length];
  for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
  next.focus();
  event.preventDefault();
}

/** @param {State} state @param {View} view */
function drawLegend(state, view) {
  const row = (/** @type {Highlighter.Move} */ m) => h("tr", {},
    h("td", { class: "cr-looks" }, h("span", { class: "cr-mark cr-sample", style: markStyle(state, m, 0) }, "sample"), chip(m)),
    h("th", { scope: "row", text: m.label }),
    h("td", {}, h("kbd", { text: m.key })),
    h("td", { text: m.family_label }),
    h("td", { text: m.definition }));
  const cueRow = h("tr", {},
    h("td", { class: "cr-looks" }, h("span", { class: "cr-cue", text: "sample" })),
    h("th", { scope: "row", text: "Cue word" }),
    h("td", {}), h("td", {}),
    h("td", { text: "A word often used for some move (shown with “Show cue words”). A place to look, not an answer." }));
  view.legend.replaceChildren(
    h("summary", { text: "Legend: what each colour, underline and symbol means" }),
    h("p", { class: "cr-legend-note", text:
      "Each family of moves has one colour; each move has its own underline style and symbol, " +
      "so the meaning never rests on colour alone. Press a move's key to tag the selected words." }),
    h("table", { class: "cr-legend-table" },
      h("thead", {}, h("tr", {},
        ["Looks like", "Move", "Key", "Family", "What it is"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, state.moves.map(row), cueRow)));
}

// --- the text ----------------------------------------------------------------------------------

/** @param {State} state @param {View} view */
function drawText(state, view) {
  const { model, doc } = state;
  const annotations = model.get("annotations"); // each with its lane, from Python
  const cues = model.get("show_cues") ? model.get("cues") : [];
  const turns = new Map(doc.turns.map((t) => [t.label_start, t]));
  const old = state.blocks;
  state.blocks = doc.parts.map((part, i) => {
    const turn = part.kind === "turn" ? turns.get(part.start) : null;
    if (!turn) {
      return old[i] || { key: "", segs: [],
        node: h("p", { class: `cr-part cr-part-${part.kind}` }, doc.text.slice(part.start, part.end)) };
    }
    const inside = (/** @type {{start: number, end: number}} */ s) => s.start < turn.end && turn.start < s.end;
    const anns = annotations.filter(inside);
    const cueSpans = cues.filter(inside);
    const key = JSON.stringify([anns, cueSpans, state.openIds.filter((id) => anns.some((a) => a.id === id))]);
    if (old[i] && old[i].key === key) return old[i]; // unchanged: keep its elements as they are
    const block = drawTurn(state, view, turn, anns, cueSpans);
    block.key = key;
    if (old[i]) old[i].node.replaceWith(block.node);
    return block;
  });
  if (!old.length) view.textEl.replaceChildren(...state.blocks.map((b) => b.node), view.pendingLayer);
  state.segs = state.blocks.flatMap((b) => b.segs);
  rovingBadges(state, view);
  view.textEl.setAttribute("aria-busy", "false");
}

/** One speaker's turn; the line height grows with the number of underline lanes in it.
 * @param {State} state @param {View} view @param {Highlighter.Turn} turn
 * @param {Highlighter.Annotation[]} anns @param {Highlighter.Cue[]} cueSpans @returns {Block} */
function drawTurn(state, view, turn, anns, cueSpans) {
  const node = h("p", { class: "cr-turn", data: { role: turn.role } },
    h("span", { class: "cr-speaker", text: turn.label }), " ");
  const lanes = anns.reduce((most, a) => Math.max(most, a.lane + 1), 0);
  node.style.setProperty("--cr-extra-lanes", String(Math.max(0, lanes - 2)));
  /** @type {HTMLElement[]} */
  const segs = [];
  appendRun(state, view, node, segs, turn, anns, cueSpans);
  return { node, segs, key: "" };
}

/** The text of `turn`, cut where highlights and cues begin and end, each piece wrapped.
 * @param {State} state @param {View} view @param {HTMLElement} parent
 * @param {HTMLElement[]} segs @param {{start: number, end: number}} span @param {Highlighter.Annotation[]} anns
 * @param {Highlighter.Cue[]} cueSpans */
function appendRun(state, view, parent, segs, { start, end }, anns, cueSpans) {
  for (const { a, b, cover } of pieces(start, end, [...anns, ...cueSpans])) {
    const here = cover.filter((k) => k < anns.length).map((k) => anns[k]);
    const cueHere = cover.filter((k) => k >= anns.length).map((k) => cueSpans[k - anns.length]);
    let node = h("span", { class: "cr-seg", data: { start: a, end: b } }, state.doc.text.slice(a, b));
    segs.push(node);
    if (cueHere.length) {
      node.classList.add("cr-cue");
      const labels = [...new Set(cueHere.map((c) => state.moveById.get(c.move)?.label ?? c.move))];
      node.title = `Cue word for: ${labels.join(", ")}`;
    }
    if (here.length) node.dataset.anns = here.map((x) => x.id).join(" ");
    for (const ann of [...here].sort((x, y) => y.lane - x.lane)) {
      node = h("span", { class: "cr-mark", data: { move: ann.move, ann: ann.id },
                         style: markStyle(state, state.moveById.get(ann.move), ann.lane) }, node);
      if (state.openIds.includes(ann.id)) node.classList.add("cr-open");
    }
    parent.append(node);
    for (const ann of here) if (ann.end === b) parent.append(badge(state, view, ann));
  }
}

// The highlights' symbols are one Tab stop (the last one used, or the first); arrow keys, Home
// and End move among them.
/** @param {State} state @param {View} view */
function rovingBadges(state, view) {
  const badges = /** @type {NodeListOf<HTMLButtonElement>} */ (view.textEl.querySelectorAll(".cr-badge"));
  let stop = null;
  for (const b of badges) if (b.dataset.ann === state.badgeStop) stop = b;
  stop = stop || badges[0];
  for (const b of badges) b.tabIndex = b === stop ? 0 : -1;
}

/** @param {State} state @param {View} view @param {KeyboardEvent} event */
function onBadgeKey(state, view, event) {
  const badges = [.../** @type {NodeListOf<HTMLButtonElement>} */ (view.textEl.querySelectorAll(".cr-badge"))];
  const n = badges.length;
  const step = ARROW_STEPS[event.key];
  let i = badges.indexOf(/** @type {HTMLButtonElement} */ (event.currentTarget));
  if (event.key === "Home") i = 0;
  else if (event.key === "End") i = n - 1;
  else if (step) i = (i + step + n) % n;
  else return;
  event.preventDefault();
  event.stopPropagation();
  badges[i].focus();
}

/** @param {State} state @param {View} view @param {Highlighter.Annotation} ann */
function badge(state, view, ann) {
  const move = state.moveById.get(ann.move);
  const label = move ? move.label : ann.move;
  const note = ann.note ? `; note: ${ann.note}` : "";
  return h("button", {
    type: "button", class: "cr-badge", text: move ? move.symbol : "?",
    "aria-label": `${label} highlight: “${ann.short_quote}”${note}`,
    title: `${label}${ann.note ? ": " + ann.note : ""}`,
    data: { ann: ann.id }, style: { "--cr-colour": move ? move.colour : state.style.neutral },
    tabindex: "-1",
    onkeydown: (event) => onBadgeKey(state, view, event),
    onfocus: () => {
      state.badgeStop = ann.id;
      rovingBadges(state, view);
      openDetails(state, view, [ann.id]);
    },
    onclick: () => { openDetails(state, view, [ann.id]); focusNote(view, ann.id); },
  });
}

// --- from offsets to the page (and back: pointToOffset in prelude.js) ------------------------------

/** @param {HTMLElement[]} segs @param {number} offset @param {boolean} isEnd @returns {[Text, number]} */
function offsetToPoint(segs, offset, isEnd) {
  const i = firstWhere(segs.length, (k) =>
    isEnd ? Number(segs[k].dataset.end) >= offset : Number(segs[k].dataset.end) > offset);
  const seg = segs[Math.min(i, segs.length - 1)];
  const node = /** @type {Text} */ (seg.firstChild);
  return [node, Math.max(0, Math.min(offset - Number(seg.dataset.start), node.length))];
}

/** @param {HTMLElement[]} segs @param {number} start @param {number} end */
function rangeFor(segs, start, end) {
  if (!segs.length) return null;
  const range = document.createRange();
  range.setStart(...offsetToPoint(segs, start, false));
  range.setEnd(...offsetToPoint(segs, end, true));
  return range;
}

// --- the selection: reported raw, snapped by Python, drawn here -------------------------------------

/** @param {State} state @param {View} view @param {MouseEvent} event */
function readMouseSelection(state, view, event) {
  const selection = window.getSelection();
  const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
  const target = event.target instanceof Element ? event.target : null;
  if (selection && range && !selection.isCollapsed && view.textEl.contains(range.commonAncestorContainer)) {
    const start = pointToOffset(state.segs, range.startContainer, range.startOffset, false);
    const end = pointToOffset(state.segs, range.endContainer, range.endOffset, true);
    // Dragged upwards: the selection starts at its end, and Python keeps that turn.
    const backward = selection.anchorNode === range.endContainer && selection.anchorOffset === range.endOffset;
    if (start === null || end === null || end <= start) return;
    state.dropRawSelection = true;
    send(state, view, { type: "select", start, end, backward });
  } else if (target && view.textEl.contains(target) && !target.closest(".cr-badge")) {
    // A click: on a highlight, show it; elsewhere in the text, drop the selection.
    const seg = /** @type {HTMLElement | null} */ (target.closest(".cr-seg"));
    if (seg && seg.dataset.anns) openDetails(state, view, seg.dataset.anns.split(" "));
    clearSelection(state, view);
  }
}

/** @param {State} state @param {View} view */
function clearSelection(state, view) {
  send(state, view, { type: "clear" });
}

function selectionGroup() {
  const registry = typeof CSS !== "undefined" ? CSS.highlights : undefined;
  if (!registry) return null;
  const group = registry.get(SELECTION_HIGHLIGHT) || new Highlight();
  registry.set(SELECTION_HIGHLIGHT, group);
  return group;
}

/** @param {State} state @param {View} view */
function paintSelection(state, view) {
  const span = state.model.get("selection") || [];
  const group = selectionGroup();
  if (group && state.range) group.delete(state.range);
  state.range = null;
  if (span.length !== 2) {
    view.selectedLine.replaceChildren(h("span", { class: "cr-selected-hint",
      text: "Select words in the text below, then choose a move." }));
    return;
  }
  const range = rangeFor(state.segs, span[0], span[1]);
  if (!range) return;
  if (group) {
    group.add(range);
    state.range = range;
    // With the CSS highlight API we draw the snapped selection ourselves; drop the raw one.
    if (state.dropRawSelection) window.getSelection()?.removeAllRanges();
    state.dropRawSelection = false;
  } else if (view.textEl.contains(document.activeElement)) {
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
  }
  view.selectedLine.replaceChildren(
    h("span", { class: "cr-selected-label", text: "Selected: " }),
    h("q", { text: state.model.get("selected_quote") }),
    " — now choose a move.");
}

/** @param {State} state @param {View} view */
function onSelectionChange(state, view) {
  paintSelection(state, view);
  const span = state.model.get("selection") || [];
  if (!state.scrollToSelection || span.length !== 2) return;
  state.scrollToSelection = false;
  const i = firstWhere(state.segs.length, (k) => Number(state.segs[k].dataset.end) > span[0]);
  state.segs[i]?.scrollIntoView({ block: "nearest" });
}

/** Ask Python to select, e.g. a reference passage ("Show in text"), and scroll to it.
 * @param {State} state @param {View} view @param {number} start @param {number} end */
function showInText(state, view, start, end) {
  state.scrollToSelection = true;
  send(state, view, { type: "select", start, end });
}

// --- talking to Python: every change answered, a kernel that has gone noticed --------------------

/** Send a message to Python (see prelude.js); returns an edit's sequence number, or null.
 * @param {State} state @param {View} view @param {{type: string, [key: string]: unknown}} message */
function send(state, view, message) {
  return state.conn.send(message);
}



// --- actions -------------------------------------------------------------------------------------

// Python tags what it has selected when the message arrives. Messages arrive in the order they
// were sent, so a key pressed right after a drag tags the dragged words even before Python's
// answer has come back here. The words are outlined at once as pending, until Python answers.
/** @param {State} state @param {View} view @param {string} moveId */
function tag(state, view, moveId) {
  const range = pendingRange(state, view);
  const seq = send(state, view, { type: "tag", move: moveId });
  if (seq !== null && range) markPending(state, view, seq, range, moveId);
}

/** The words a tag will take: the browser's raw selection of a drag Python has not answered yet
 *  (it is dropped once Python's snapped one is drawn), else Python's snapped selection.
 * @param {State} state @param {View} view */
function pendingRange(state, view) {
  const selection = window.getSelection();
  const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
  if (range && !range.collapsed && view.textEl.contains(range.commonAncestorContainer)) return range;
  return state.range;
}

/** A dashed outline around each line of `range`, in the text's own coordinates.
 * @param {State} state @param {View} view @param {number} seq
 * @param {Range} range @param {string} moveId */
function markPending(state, view, seq, range, moveId) {
  if (!state.conn.waiting.has(seq)) return;
  const text = view.textEl;
  const box = text.getBoundingClientRect();
  /** @type {Map<number, {left: number, right: number, top: number, bottom: number}>} */
  const lines = new Map(); // one box per line: the rects of nested spans overlap
  for (const r of range.getClientRects()) {
    if (!r.width) continue;
    const key = Math.round(r.top);
    const line = lines.get(key);
    lines.set(key, line ? { left: Math.min(line.left, r.left), right: Math.max(line.right, r.right),
                            top: Math.min(line.top, r.top), bottom: Math.max(line.bottom, r.bottom) }
      : { left: r.left, right: r.right, top: r.top, bottom: r.bottom });
  }
  const move = state.moveById.get(moveId);
  const outlines = [...lines.values()].map((r) => h("div", { class: "cr-pending", style: {
    left: `${r.left - box.left - text.clientLeft + text.scrollLeft}px`,
    top: `${r.top - box.top - text.clientTop + text.scrollTop}px`,
    width: `${r.right - r.left}px`, height: `${r.bottom - r.top}px`,
    "--cr-colour": move ? move.colour : state.style.neutral } }));
  for (const outline of outlines) state.conn.attach(seq, outline);
  view.pendingLayer.append(...outlines);
}

/** @param {State} state @param {View} view */
function undo(state, view) { send(state, view, { type: "undo" }); }

// --- highlights that no longer match the text ------------------------------------------------------

/** @param {State} state @param {View} view */
function drawOrphans(state, view) {
  const orphans = state.model.get("orphans") || [];
  view.orphansEl.hidden = !orphans.length;
  if (!orphans.length) { view.orphansEl.replaceChildren(); return; }
  view.orphansEl.replaceChildren(
    h("h3", { text: `Highlights that no longer match the text (${orphans.length})` }),
    h("p", { class: "cr-rule", text: "The text has changed since you made these, and their words " +
      "are not in it any more. Select the words one belongs to and choose Re-attach, or delete it." }),
    h("ul", { class: "cr-orphan-list" }, orphans.map((o) => orphanItem(state, view, o))));
  if (!state.conn.live) showNotConnected(state.conn, view.place);
}

/** @param {State} state @param {View} view @param {Highlighter.Orphan} o */
function orphanItem(state, view, o) {
  const move = state.moveById.get(o.move);
  const keep = (/** @type {Event} */ event) => event.preventDefault(); // a click must not drop the text selection
  return h("li", { class: "cr-orphan", style: { "--cr-colour": move ? move.colour : state.style.neutral } },
    h("p", { class: "cr-passage-head" }, move ? chip(move) : "", " ", h("strong", { text: o.label })),
    h("blockquote", { class: "cr-quote", text: `“${o.quote}”` }),
    o.note ? h("p", { class: "cr-reason" }, h("strong", { text: "Your note: " }), o.note) : null,
    h("p", { class: "cr-orphan-actions" },
      h("button", { type: "button", class: "cr-button cr-small cr-reattach", text: "Re-attach to the selected words",
                    "aria-label": `Re-attach the ${o.label} highlight “${o.short_quote}” to the selected words`,
                    onmousedown: keep, onclick: () => send(state, view, { type: "reattach", id: o.id }) }),
      " ",
      h("button", { type: "button", class: "cr-button cr-small cr-orphan-delete", text: "Delete",
                    "aria-label": `Delete the ${o.label} highlight “${o.short_quote}”`,
                    onmousedown: keep, onclick: () => send(state, view, { type: "remove", id: o.id }) })));
}

// --- the side panel ------------------------------------------------------------------------------

/** @param {State} state @param {View} view @param {string[]} ids */
function openDetails(state, view, ids) {
  state.openIds = ids;
  drawSide(state, view);
  for (const mark of /** @type {NodeListOf<HTMLElement>} */ (view.textEl.querySelectorAll(".cr-mark"))) {
    mark.classList.toggle("cr-open", state.openIds.includes(mark.dataset.ann || ""));
  }
}

/** @param {View} view @param {string} id */
function focusNote(view, id) {
  const box = /** @type {HTMLTextAreaElement | null} */ (view.side.querySelector(`textarea[data-ann="${CSS.escape(id)}"]`));
  if (box) box.focus();
}

/** @param {State} state @param {View} view */
function drawSide(state, view) {
  const annotations = new Map(state.model.get("annotations").map((a) => [a.id, a]));
  const shown = state.openIds.map((id) => annotations.get(id)).filter((ann) => ann !== undefined);
  if (!shown.length) {
    view.side.replaceChildren(
      h("h3", { class: "cr-side-title", text: "How to highlight" }),
      h("ol", { class: "cr-help" }, HELP.map((text) => h("li", { text }))));
    return;
  }
  const close = () => { state.openIds = []; drawSide(state, view); drawText(state, view); paintSelection(state, view); };
  view.side.replaceChildren(
    h("h3", { class: "cr-side-title", text: shown.length > 1 ? "Highlights here" : "Highlight" }),
    ...shown.map((ann) => card(state, view, ann)),
    h("button", { type: "button", class: "cr-button cr-close", text: "Close", onclick: close }));
  if (!state.conn.live) showNotConnected(state.conn, view.place);
}

/** @param {State} state @param {View} view @param {Highlighter.Annotation} ann */
function noteBox(state, view, ann) {
  const box = h("textarea", {
    class: "cr-note", rows: "3", data: { ann: ann.id },
    placeholder: "Why is this that move? (saved when you leave the box or press Enter)",
  });
  box.value = ann.note;
  const save = () => {
    const current = state.model.get("annotations").find((a) => a.id === ann.id);
    if (current && current.note !== box.value && !box.readOnly) send(state, view, { type: "note", id: ann.id, note: box.value });
  };
  box.addEventListener("blur", save);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); save(); }
    // Escape leaves the box (saving it) for the text, where the arrow keys select words.
    if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); view.textEl.focus({ preventScroll: true }); }
  });
  return box;
}

/** @param {State} state @param {View} view @param {Highlighter.Annotation} ann */
function card(state, view, ann) {
  const move = state.moveById.get(ann.move);
  const remove = () => { view.textEl.focus({ preventScroll: true }); send(state, view, { type: "remove", id: ann.id }); };
  return h("section", { class: "cr-card", style: { "--cr-colour": move ? move.colour : state.style.neutral } },
    h("h4", { class: "cr-card-title" }, move ? chip(move) : "", " ", move ? move.label : ann.move,
      h("span", { class: "cr-card-family", text: move ? ` · ${move.family_label}` : "" })),
    h("p", { class: "cr-definition", text: move ? move.definition : "" }),
    h("blockquote", { class: "cr-quote", text: `“${ann.quote}”` }),
    h("label", { class: "cr-note-label" }, "Your note", noteBox(state, view, ann)),
    h("button", { type: "button", class: "cr-button cr-delete", text: "Delete highlight", onclick: remove }));
}

// --- the comparison (figures and wording from Python) ----------------------------------------------

/** Python sends an empty reference while the comparison is hidden.
 * @param {Highlighter.Reference | {}} ref @returns {ref is Highlighter.Reference} */
function isReference(ref) {
  return "moves" in ref;
}

/** @param {Highlighter.Reference} ref */
function comparisonTable(ref) {
  const figures = (/** @type {Highlighter.Figures} */ r) => [String(r.student), String(r.reference), String(r.found), r.summary]
    .map((text) => h("td", { text }));
  return h("table", { class: "cr-agreement" },
    h("thead", {}, h("tr", {}, ref.columns.map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, ref.moves.map((r) => h("tr", {}, h("th", { scope: "row" }, chip(r), " ", r.label), figures(r)))),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row", text: ref.total.label }), figures(ref.total))));
}

/** @param {State} state @param {View} view @param {Highlighter.Passage} p */
function passageItem(state, view, p) {
  return h("li", { class: `cr-passage cr-${p.status}` },
    h("p", { class: "cr-passage-head" }, chip(p), " ", h("strong", { text: p.label }), " ",
      h("span", { class: "cr-verdict", text: p.verdict }), " ",
      h("button", { type: "button", class: "cr-button cr-small", text: "Show in text",
                    onclick: () => showInText(state, view, p.start, p.end) })),
    h("blockquote", { class: "cr-quote", text: `“${p.quote}”` }),
    p.note ? h("p", { class: "cr-reason", text: p.note }) : null);
}

/** @param {State} state @param {View} view */
function drawCompare(state, view) {
  const ref = state.model.get("reference") || {};
  const on = state.model.get("show_reference");
  view.compareButton.setAttribute("aria-pressed", on ? "true" : "false");
  view.compareButton.textContent = on ? "Hide the reference reading" : "Compare with the reference reading";
  view.compareEl.hidden = !(on && isReference(ref));
  if (view.compareEl.hidden || !isReference(ref)) { view.compareEl.replaceChildren(); return; }
  const who = ref.author ? ` (${ref.author})` : "";
  view.compareEl.replaceChildren(
    h("h3", { text: `Your reading beside the reference reading${who}` }),
    h("p", { class: "cr-rule", text: `${ref.rule} Reference: ${ref.source}.` }),
    comparisonTable(ref),
    h("h4", { text: "The reference's highlights, with its reasons" }),
    h("ol", { class: "cr-passages" }, ref.passages.map((p) => passageItem(state, view, p))));
}

/** @param {State} state @param {View} view */
function drawStatus(state, view) {
  const { model } = state;
  if (!state.conn.live) return showNotConnected(state.conn, view.place);
  view.statusEl.textContent = statusText(state.conn, model.get("status"));
  const error = model.get("error");
  view.errorEl.textContent = error;
  view.errorEl.hidden = !error;
  view.undoButton.disabled = !model.get("can_undo");
  view.recoverButton.hidden = !model.get("can_recover");
  view.cueToggle.checked = model.get("show_cues");
}

/** Redraw the text and side panel, putting the keyboard focus back where it was.
 * @param {State} state @param {View} view */
function redraw(state, view) {
  const started = performance.now();
  const { root, textEl } = view;
  const active = document.activeElement;
  const kept = active instanceof HTMLElement && root.contains(active) && active.dataset.ann
    ? { tag: active.tagName.toLowerCase(), id: active.dataset.ann,
        at: active instanceof HTMLTextAreaElement ? active.selectionStart : null } : null;
  drawText(state, view);
  drawSide(state, view);
  paintSelection(state, view);
  // For benchmarks/bench_browser.py: how long the redraw itself took.
  performance.measure("closereading-redraw", { start: started, end: performance.now() });
  if (!kept || root.contains(document.activeElement)) return;
  const again = root.querySelector(`${kept.tag}[data-ann="${CSS.escape(kept.id)}"]`);
  if (!(again instanceof HTMLElement)) return textEl.focus({ preventScroll: true });
  again.focus({ preventScroll: true });
  if (again instanceof HTMLTextAreaElement && kept.at !== null) again.setSelectionRange(kept.at, kept.at);
}

// --- events --------------------------------------------------------------------------------------

/** @param {State} state @param {View} view @param {KeyboardEvent} event */
function onTextKey(state, view, event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape") { clearSelection(state, view); event.preventDefault(); return; }
  const step = event.target === event.currentTarget ? STEP_KEYS[event.key] : undefined;
  if (!step) return;
  state.scrollToSelection = true;
  send(state, view, { type: "step", ...step, extend: event.shiftKey });
  event.preventDefault();
}

/** @param {State} state @param {View} view @param {KeyboardEvent} event */
function onWidgetKey(state, view, event) {
  const key = event.key.toLowerCase();
  const command = event.ctrlKey || event.metaKey;
  if (command && key === "s") {
    // JupyterLab's shortcuts are off in here, so keep the browser's "Save page" dialog away.
    event.preventDefault();
    view.statusEl.textContent = "Highlights save themselves. To save the notebook, click outside the highlighter first.";
    return;
  }
  if (isTyping(event.target)) return;
  const move = state.moveByKey.get(key);
  if (command && !event.altKey && !event.shiftKey && key === "z") {
    event.preventDefault();
    undo(state, view);
  } else if (!command && !event.altKey && move) {
    event.preventDefault();
    tag(state, view, move.id);
  }
}

/** Wire the page and the model to the draw functions; returns what undoes the page's part.
 * @param {State} state @param {View} view */
function bindEvents(state, view) {
  const { model } = state;
  // On the document, so a drag that ends outside the text still counts.
  const onMouseUp = (/** @type {MouseEvent} */ event) => readMouseSelection(state, view, event);
  document.addEventListener("mouseup", onMouseUp);
  view.palette.addEventListener("keydown", (event) => onPaletteKey(view, event));
  view.textEl.addEventListener("keydown", (event) => onTextKey(state, view, event));
  view.root.addEventListener("keydown", (event) => onWidgetKey(state, view, event));
  view.cueToggle.addEventListener("change", () => state.conn.set("show_cues", view.cueToggle.checked));
  view.undoButton.addEventListener("click", () => undo(state, view));
  view.recoverButton.addEventListener("click", () => send(state, view, { type: "recover" }));
  view.compareButton.addEventListener("click", () => state.conn.set("show_reference", !model.get("show_reference")));

  const textAndSelection = () => { drawText(state, view); paintSelection(state, view); };
  model.on("change:annotations", () => redraw(state, view));
  model.on("change:orphans", () => drawOrphans(state, view));
  model.on("change:cues", textAndSelection);
  model.on("change:show_cues", () => { textAndSelection(); drawStatus(state, view); });
  model.on("change:selection", () => onSelectionChange(state, view));
  model.on("change:selected_quote", () => paintSelection(state, view));
  for (const name of ["reference", "show_reference"]) model.on(`change:${name}`, () => drawCompare(state, view));
  for (const name of ["status", "error", "can_undo", "can_recover"]) model.on(`change:${name}`, () => drawStatus(state, view));
  return () => document.removeEventListener("mouseup", onMouseUp);
}

/** @param {RenderProps<Traits>} props */
function render({ model, el }) {
  const view = createView(model, el);
  const state = createState(model, view);
  const unbind = bindEvents(state, view);
  drawPalette(state, view);
  drawLegend(state, view);
  redraw(state, view);
  drawOrphans(state, view);
  drawStatus(state, view);
  drawCompare(state, view);
  view.textEl.style.setProperty("--cr-gap", `${state.style.underline_gap_px}px`);
  return () => {
    unbind();
    state.conn.close();
    const group = selectionGroup();
    if (group && state.range) group.delete(state.range);
  };
}

export default { render };
