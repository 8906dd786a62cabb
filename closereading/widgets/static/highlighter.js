// Close Reading Lab: the rhetorical-move highlighter (anywidget front end).
//
// Python holds the state (traits) and this module only draws it and sends what the student
// does as custom messages: {type: "add" | "remove" | "note" | "undo", ...}. The one trait set
// here is `selection` (and the two toggles), snapped to whole words with the transcript's own
// word offsets, so the browser never tokenizes differently from Python.
//
// Text from the transcript, move labels and notes is always inserted as text nodes
// (textContent / append), never as HTML.

const SELECTION_HIGHLIGHT = "closereading-selection";
const UNDERLINE_GAP_PX = 5;

/** Make an element: h("p", {class: "x", text: "hi"}, child, "more text"). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "style") for (const [p, v] of Object.entries(value)) node.style.setProperty(p, v);
    else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** Give each span the lowest underline row not used by a span it overlaps (spans in text order). */
function assignLanes(spans) {
  const lanes = [];
  spans.forEach((a, i) => {
    const taken = new Set();
    for (let j = 0; j < i; j++) if (spans[j].start < a.end && a.start < spans[j].end) taken.add(lanes[j]);
    let lane = 0;
    while (taken.has(lane)) lane++;
    lanes.push(lane);
  });
  return lanes;
}

/** Cut [start, end) at every span boundary: [{a, b, cover: [indexes of spans covering it]}]. */
function pieces(start, end, spans) {
  const cuts = new Set([start, end]);
  for (const s of spans) {
    if (s.start > start && s.start < end) cuts.add(s.start);
    if (s.end > start && s.end < end) cuts.add(s.end);
  }
  const order = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < order.length; i++) {
    const a = order[i], b = order[i + 1];
    const cover = [];
    spans.forEach((s, k) => { if (s.start <= a && s.end >= b) cover.push(k); });
    out.push({ a, b, cover });
  }
  return out;
}

/** Index of the first item in a sorted numeric array-like `get(i)` for which `test` is true. */
function firstWhere(n, test) {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(mid)) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function shorten(text, limit = 60) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : flat.slice(0, limit - 1).trimEnd() + "…";
}

function isTyping(target) {
  return Boolean(target.closest && target.closest("textarea, input, select"));
}

function render({ model, el }) {
  const doc = model.get("document");
  const text = doc.text;
  const words = doc.words; // [start0, end0, start1, end1, ...]
  const wordCount = words.length / 2;
  const sentences = doc.sentences; // the same, for sentences
  const moves = model.get("moves");
  const moveById = new Map(moves.map((m) => [m.id, m]));
  const moveByKey = new Map(moves.map((m) => [m.key.toLowerCase(), m]));

  let segs = []; // the text's spans, in order, each with data-start / data-end
  let openIds = []; // highlights shown in the side panel
  let kbd = null; // keyboard selection: {anchor, focus} word indexes

  // --- skeleton ---------------------------------------------------------------------------
  const root = h("div", {
    class: "closereading-highlighter",
    // Keys typed here are ours: JupyterLab and Notebook 7 must not turn "1" into a heading or
    // "d d" into a deleted cell while the student tags moves.
    "data-lm-suppress-shortcuts": "true",
  });
  const selectedLine = h("p", { class: "cr-selected", role: "status", "aria-live": "polite" });
  const palette = h("div", { class: "cr-palette", role: "toolbar", "aria-label": "Rhetorical moves" });
  const cueToggle = h("input", { type: "checkbox" });
  const undoButton = h("button", { type: "button", class: "cr-button", text: "Undo",
                                   title: "Undo the last change (Ctrl+Z)" });
  const compareButton = h("button", { type: "button", class: "cr-button",
                                      text: "Compare with the reference reading" });
  const helpId = `cr-help-${Math.random().toString(36).slice(2)}`;
  const textEl = h("div", {
    class: "cr-text", tabindex: "0", role: "region", "aria-label": `Text of ${doc.title || "the transcript"}`,
    "aria-describedby": helpId,
  });
  const side = h("aside", { class: "cr-side", "aria-label": "Highlight details" });
  const statusEl = h("p", { class: "cr-status", role: "status", "aria-live": "polite" });
  const errorEl = h("p", { class: "cr-error", role: "alert" });
  const legend = h("details", { class: "cr-legend" });
  const compareEl = h("section", { class: "cr-compare", "aria-label": "Comparison with the reference reading" });

  root.append(
    h("div", { class: "cr-toolbar" },
      palette,
      h("div", { class: "cr-actions" },
        h("label", { class: "cr-toggle" }, cueToggle, " Show cue words"),
        undoButton, compareButton),
      selectedLine),
    h("div", { class: "cr-body" }, textEl, side),
    statusEl, errorEl, legend, compareEl,
  );
  el.replaceChildren(root);

  // --- palette and legend -----------------------------------------------------------------
  function chip(move) {
    return h("span", {
      class: "cr-chip", text: move.symbol, "aria-hidden": "true",
      style: { "--cr-colour": move.colour },
    });
  }

  function drawPalette() {
    const families = new Map();
    for (const m of moves) {
      if (!families.has(m.family)) families.set(m.family, { label: m.family_label, moves: [] });
      families.get(m.family).moves.push(m);
    }
    palette.replaceChildren(...[...families.values()].map((family) =>
      h("div", { class: "cr-family", role: "group", "aria-label": family.label },
        h("span", { class: "cr-family-label", text: family.label }),
        family.moves.map((m) => h("button", {
          type: "button", class: "cr-move", title: `${m.label} (key ${m.key}): ${m.definition}`,
          tabindex: m === moves[0] ? "0" : "-1", // one Tab stop; arrow keys move along
          "aria-keyshortcuts": m.key, data: { move: m.id }, style: { "--cr-colour": m.colour },
          onmousedown: (event) => event.preventDefault(), // keep the text selection
          onclick: () => tag(m.id),
        }, h("kbd", { text: m.key }), chip(m), h("span", { class: "cr-move-label", text: m.label }))),
      )));
  }

  // The palette is a toolbar: one Tab stop, arrow keys move between the moves.
  palette.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    const buttons = [...palette.querySelectorAll(".cr-move")];
    const next = buttons[(buttons.indexOf(event.target) + step + buttons.length) % buttons.length];
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
    event.preventDefault();
  });

  function drawLegend() {
    legend.replaceChildren(
      h("summary", { text: "Legend: what each colour, underline and symbol means" }),
      h("p", { class: "cr-legend-note", text:
        "Each family of moves has one colour; each move has its own underline style and symbol, " +
        "so the meaning never rests on colour alone. Press a move's key to tag the selected words." }),
      h("table", { class: "cr-legend-table" },
        h("thead", {}, h("tr", {},
          ["Looks like", "Move", "Key", "Family", "What it is"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {},
          moves.map((m) => h("tr", {},
            h("td", { class: "cr-looks" }, h("span", { class: "cr-mark cr-sample", style: markStyle(m, 0) }, "sample"), chip(m)),
            h("th", { scope: "row", text: m.label }),
            h("td", {}, h("kbd", { text: m.key })),
            h("td", { text: m.family_label }),
            h("td", { text: m.definition }))),
          h("tr", {},
            h("td", { class: "cr-looks" }, h("span", { class: "cr-cue", text: "sample" })),
            h("th", { scope: "row", text: "Cue word" }),
            h("td", {}), h("td", {}),
            h("td", { text: "A word often used for some move (shown with “Show cue words”). A place to look, not an answer." })))));
  }

  function markStyle(move, lane) {
    return {
      "--cr-colour": move ? move.colour : "#767676",
      "--cr-style": move ? move.marker : "solid",
      "--cr-offset": `${3 + UNDERLINE_GAP_PX * lane}px`,
    };
  }

  // --- the text ---------------------------------------------------------------------------
  function drawText() {
    const annotations = model.get("annotations");
    const cues = model.get("show_cues") ? model.get("cues") : [];
    const lanes = assignLanes(annotations);
    const turns = new Map(doc.turns.map((t) => [t.label_start, t]));
    segs = [];
    const blocks = doc.parts.map((part) => {
      const turn = part.kind === "turn" ? turns.get(part.start) : null;
      if (!turn) return h("p", { class: `cr-part cr-part-${part.kind}` }, text.slice(part.start, part.end));
      const p = h("p", { class: "cr-turn", data: { role: turn.role } },
        h("span", { class: "cr-speaker", text: turn.label }), " ");
      appendRun(p, turn.start, turn.end, annotations, lanes, cues);
      return p;
    });
    textEl.replaceChildren(...blocks);
    textEl.setAttribute("aria-busy", "false");
  }

  function appendRun(parent, start, end, annotations, lanes, cues) {
    const inside = (s) => s.start < end && start < s.end;
    const anns = annotations.map((a, i) => ({ ...a, lane: lanes[i] })).filter(inside);
    const cueSpans = cues.filter(inside);
    for (const { a, b, cover } of pieces(start, end, anns.concat(cueSpans))) {
      const here = cover.filter((k) => k < anns.length).map((k) => anns[k]);
      const cueHere = cover.filter((k) => k >= anns.length).map((k) => cueSpans[k - anns.length]);
      let node = h("span", { class: "cr-seg", data: { start: a, end: b } }, text.slice(a, b));
      segs.push(node);
      if (cueHere.length) {
        node.classList.add("cr-cue");
        const labels = [...new Set(cueHere.map((c) => moveById.get(c.move)?.label ?? c.move))];
        node.title = `Cue word for: ${labels.join(", ")}`;
      }
      if (here.length) node.dataset.anns = here.map((x) => x.id).join(" ");
      for (const ann of [...here].sort((x, y) => y.lane - x.lane)) {
        const move = moveById.get(ann.move);
        node = h("span", { class: "cr-mark", data: { move: ann.move, ann: ann.id },
                           style: markStyle(move, ann.lane) }, node);
        if (openIds.includes(ann.id)) node.classList.add("cr-open");
      }
      parent.append(node);
      for (const ann of here) if (ann.end === b) parent.append(badge(ann));
    }
  }

  function badge(ann) {
    const move = moveById.get(ann.move);
    const label = move ? move.label : ann.move;
    const note = ann.note ? `; note: ${ann.note}` : "";
    return h("button", {
      type: "button", class: "cr-badge", text: move ? move.symbol : "?",
      "aria-label": `${label} highlight: “${shorten(ann.quote)}”${note}`,
      title: `${label}${ann.note ? ": " + ann.note : ""}`,
      data: { ann: ann.id }, style: { "--cr-colour": move ? move.colour : "#767676" },
      onfocus: () => openDetails([ann.id]),
      onclick: () => { openDetails([ann.id]); focusNote(ann.id); },
    });
  }

  // --- from the page to offsets and back ----------------------------------------------------
  function pointToOffset(node, offset, isEnd) {
    const seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (seg && seg.classList && seg.classList.contains("cr-seg") && textEl.contains(seg)) {
      const start = Number(seg.dataset.start);
      if (node.nodeType === Node.TEXT_NODE) return start + offset;
      return offset > 0 ? Number(seg.dataset.end) : start;
    }
    if (!segs.length) return 0;
    const probe = document.createRange();
    const i = firstWhere(segs.length, (k) => {
      probe.selectNodeContents(segs[k]);
      return probe.comparePoint(node, offset) <= 0; // the point is before (or in) segment k
    });
    if (isEnd) return i > 0 ? Number(segs[i - 1].dataset.end) : Number(segs[0].dataset.start);
    return i < segs.length ? Number(segs[i].dataset.start) : Number(segs[segs.length - 1].dataset.end);
  }

  function offsetToPoint(offset, isEnd) {
    const i = firstWhere(segs.length, (k) =>
      isEnd ? Number(segs[k].dataset.end) >= offset : Number(segs[k].dataset.end) > offset);
    const seg = segs[Math.min(i, segs.length - 1)];
    const start = Number(seg.dataset.start);
    const node = seg.firstChild;
    return [node, Math.max(0, Math.min(offset - start, node.length))];
  }

  function rangeFor(start, end) {
    if (!segs.length) return null;
    const range = document.createRange();
    range.setStart(...offsetToPoint(start, false));
    range.setEnd(...offsetToPoint(end, true));
    return range;
  }

  // --- selection --------------------------------------------------------------------------
  function wordAfter(offset) { return firstWhere(wordCount, (k) => words[2 * k + 1] > offset); }
  function wordBefore(offset) { return firstWhere(wordCount, (k) => words[2 * k] >= offset) - 1; }
  function turnOf(offset) { return doc.turns.find((t) => t.start <= offset && offset < t.end); }

  /** Snap [start, end) out to whole words and keep it inside the turn where it starts. */
  function snap(start, end) {
    let first = wordAfter(start);
    let last = wordBefore(end);
    if (first > last || first >= wordCount) return null;
    const turn = turnOf(words[2 * first]);
    if (turn) while (last > first && words[2 * last + 1] > turn.end) last--;
    return [first, last];
  }

  function selectWords(anchor, focus, { scroll = false } = {}) {
    kbd = { anchor, focus };
    const [a, b] = anchor <= focus ? [anchor, focus] : [focus, anchor];
    const span = [words[2 * a], words[2 * b + 1]];
    model.set("selection", span);
    model.save_changes();
    if (scroll) segAt(span[0])?.scrollIntoView({ block: "nearest" });
  }

  function segAt(offset) {
    const i = firstWhere(segs.length, (k) => Number(segs[k].dataset.end) > offset);
    return segs[i];
  }

  function clearSelection() {
    if ((model.get("selection") || []).length) {
      model.set("selection", []);
      model.save_changes();
    }
  }

  function readMouseSelection(event) {
    const selection = window.getSelection();
    const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
    if (range && !selection.isCollapsed && textEl.contains(range.commonAncestorContainer)) {
      const snapped = snap(pointToOffset(range.startContainer, range.startOffset, false),
                           pointToOffset(range.endContainer, range.endOffset, true));
      if (!snapped) return;
      selectWords(snapped[0], snapped[1]);
      // With the CSS highlight API we draw the snapped selection ourselves; drop the raw one.
      if (typeof CSS !== "undefined" && CSS.highlights) selection.removeAllRanges();
    } else if (textEl.contains(event.target) && !event.target.closest(".cr-badge")) {
      // A click: on a highlight, show it; elsewhere in the text, drop the selection.
      const seg = event.target.closest(".cr-seg");
      if (seg && seg.dataset.anns) openDetails(seg.dataset.anns.split(" "));
      clearSelection();
    }
  }

  function paintSelection() {
    const span = model.get("selection") || [];
    const registry = typeof CSS !== "undefined" ? CSS.highlights : undefined;
    let group = registry && registry.get(SELECTION_HIGHLIGHT);
    if (registry && !group) {
      group = new Highlight();
      registry.set(SELECTION_HIGHLIGHT, group);
    }
    if (group && paintSelection.range) group.delete(paintSelection.range);
    paintSelection.range = null;
    if (span.length !== 2) {
      selectedLine.replaceChildren(h("span", { class: "cr-selected-hint",
        text: "Select words in the text below, then choose a move." }));
      return;
    }
    const range = rangeFor(span[0], span[1]);
    if (!range) return;
    if (group) {
      group.add(range);
      paintSelection.range = range;
    } else if (textEl.contains(document.activeElement)) {
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
    }
    selectedLine.replaceChildren(
      h("span", { class: "cr-selected-label", text: "Selected: " }),
      h("q", { text: shorten(text.slice(span[0], span[1]), 90) }),
      " — now choose a move.");
  }

  /** Arrow keys in the text: a word, more words (Shift), a sentence (up and down). */
  function moveKeyboardSelection(event) {
    const has = (model.get("selection") || []).length === 2;
    const last = wordCount - 1;
    const turnOfWord = (i) => turnOf(words[2 * i]) || { start: -Infinity, end: Infinity };
    let anchor = kbd ? kbd.anchor : 0;
    let focus = kbd ? kbd.focus : 0;
    const low = Math.min(anchor, focus), high = Math.max(anchor, focus);
    switch (event.key) {
      case "ArrowRight":
        if (event.shiftKey && has) {
          if (focus < last && words[2 * (focus + 1) + 1] <= turnOfWord(anchor).end) focus++;
        } else {
          anchor = focus = kbd ? Math.min(high + 1, last) : 0;
        }
        break;
      case "ArrowLeft":
        if (event.shiftKey && has) {
          if (focus > 0 && words[2 * (focus - 1)] >= turnOfWord(anchor).start) focus--;
        } else {
          anchor = focus = kbd ? Math.max(low - 1, 0) : 0;
        }
        break;
      case "ArrowDown":
      case "ArrowUp": {
        const n = sentences.length / 2;
        const wordsOf = (k) => [wordAfter(sentences[2 * k]), wordBefore(sentences[2 * k + 1])];
        let k = kbd ? firstWhere(n, (i) => sentences[2 * i + 1] > words[2 * low]) : 0;
        const [first, lastWord] = wordsOf(Math.min(k, n - 1));
        if (kbd && has && first === low && lastWord === high) k += event.key === "ArrowDown" ? 1 : -1;
        k = Math.max(0, Math.min(n - 1, k));
        [anchor, focus] = wordsOf(k);
        break;
      }
      default:
        return false;
    }
    selectWords(anchor, focus, { scroll: true });
    return true;
  }

  // --- actions ------------------------------------------------------------------------------
  function tag(moveId) {
    const span = model.get("selection") || [];
    const move = moveById.get(moveId);
    if (span.length !== 2) {
      statusEl.textContent = `Select some words in the text first, then choose ${move ? move.label : "a move"}.`;
      return;
    }
    model.send({ type: "add", move: moveId, start: span[0], end: span[1] });
    // Clear at once, so a second key press cannot tag the same words before Python answers.
    clearSelection();
  }

  function undo() { model.send({ type: "undo" }); }

  // --- the side panel -------------------------------------------------------------------------
  function openDetails(ids) {
    openIds = ids;
    drawSide();
    for (const mark of textEl.querySelectorAll(".cr-mark")) {
      mark.classList.toggle("cr-open", openIds.includes(mark.dataset.ann));
    }
  }

  function focusNote(id) {
    const box = side.querySelector(`textarea[data-ann="${CSS.escape(id)}"]`);
    if (box) box.focus();
  }

  function drawSide() {
    const annotations = new Map(model.get("annotations").map((a) => [a.id, a]));
    const shown = openIds.filter((id) => annotations.has(id)).map((id) => annotations.get(id));
    if (!shown.length) {
      side.replaceChildren(
        h("h3", { class: "cr-side-title", text: "How to highlight" }),
        h("ol", { class: "cr-help", id: helpId },
          h("li", { text: "Select words with the mouse, or click in the text and use the arrow keys: ← → a word, Shift+← → more words, ↑ ↓ a sentence." }),
          h("li", { text: "Click a move above, or press its key." }),
          h("li", { text: "Click a highlight, or Tab to its symbol, to read its move and write a note." }),
          h("li", { text: "Ctrl+Z or Undo takes back the last change. Everything is saved as you go." })));
      return;
    }
    side.replaceChildren(
      h("h3", { class: "cr-side-title", text: shown.length > 1 ? "Highlights here" : "Highlight" }),
      ...shown.map(card),
      h("button", { type: "button", class: "cr-button cr-close", text: "Close",
                    onclick: () => { openIds = []; drawSide(); drawText(); paintSelection(); } }));
  }

  function card(ann) {
    const move = moveById.get(ann.move);
    const box = h("textarea", {
      class: "cr-note", rows: "3", data: { ann: ann.id },
      placeholder: "Why is this that move? (saved when you leave the box or press Enter)",
    });
    box.value = ann.note;
    const save = () => {
      const current = model.get("annotations").find((a) => a.id === ann.id);
      if (current && current.note !== box.value) model.send({ type: "note", id: ann.id, note: box.value });
    };
    box.addEventListener("blur", save);
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); save(); }
    });
    return h("section", { class: "cr-card", style: { "--cr-colour": move ? move.colour : "#767676" } },
      h("h4", { class: "cr-card-title" }, move ? chip(move) : "", " ", move ? move.label : ann.move,
        h("span", { class: "cr-card-family", text: move ? ` · ${move.family_label}` : "" })),
      h("p", { class: "cr-definition", text: move ? move.definition : "" }),
      h("blockquote", { class: "cr-quote", text: `“${ann.quote}”` }),
      h("label", { class: "cr-note-label" }, "Your note", box),
      h("button", { type: "button", class: "cr-button cr-delete", text: "Delete highlight",
                    onclick: () => { textEl.focus({ preventScroll: true }); model.send({ type: "remove", id: ann.id }); } }));
  }

  // --- comparison ---------------------------------------------------------------------------
  function drawCompare() {
    const ref = model.get("reference") || {};
    const on = model.get("show_reference");
    compareButton.setAttribute("aria-pressed", on ? "true" : "false");
    compareButton.textContent = on ? "Hide the reference reading" : "Compare with the reference reading";
    compareEl.hidden = !(on && ref.moves);
    if (compareEl.hidden) { compareEl.replaceChildren(); return; }
    const who = ref.author ? ` (${ref.author})` : "";
    const statusText = (p) => p.status === "found" ? "✓ You found it"
      : p.status === "other-move" ? `≈ You marked it as ${p.student_labels.join(", ")}` : "○ Not found yet";
    const row = (r) => h("tr", {},
      h("th", { scope: "row" }, chip(r), " ", r.label),
      h("td", { text: String(r.student) }), h("td", { text: String(r.reference) }),
      h("td", { text: String(r.found) }), h("td", { text: r.summary }));
    compareEl.replaceChildren(
      h("h3", { text: `Your reading beside the reference reading${who}` }),
      h("p", { class: "cr-rule", text: `${ref.rule} Reference: ${ref.source}.` }),
      h("table", { class: "cr-agreement" },
        h("thead", {}, h("tr", {}, ["Move", "You", "Reference", "You found", "In words"]
          .map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, ref.moves.map(row)),
        h("tfoot", {}, h("tr", {},
          h("th", { scope: "row", text: "All moves" }),
          h("td", { text: String(ref.total.student) }), h("td", { text: String(ref.total.reference) }),
          h("td", { text: String(ref.total.found) }), h("td", { text: ref.total.summary })))),
      h("h4", { text: "The reference's highlights, with its reasons" }),
      h("ol", { class: "cr-passages" }, ref.passages.map((p) =>
        h("li", { class: `cr-passage cr-${p.status}` },
          h("p", { class: "cr-passage-head" }, chip(p), " ", h("strong", { text: p.label }), " ",
            h("span", { class: "cr-verdict", text: statusText(p) }), " ",
            h("button", { type: "button", class: "cr-button cr-small", text: "Show in text",
                          onclick: () => { kbd = null; selectWords(wordAfter(p.start), wordBefore(p.end), { scroll: true }); } })),
          h("blockquote", { class: "cr-quote", text: `“${p.quote}”` }),
          p.note ? h("p", { class: "cr-reason", text: p.note }) : null))));
  }

  // --- status -------------------------------------------------------------------------------
  function drawStatus() {
    statusEl.textContent = model.get("status");
    const error = model.get("error");
    errorEl.textContent = error;
    errorEl.hidden = !error;
    undoButton.disabled = !model.get("can_undo");
    cueToggle.checked = model.get("show_cues");
  }

  // --- events -------------------------------------------------------------------------------
  // On the document, so a drag that ends outside the text still counts. Read at once: a key
  // pressed right after the drag must see the new selection.
  const onMouseUp = (event) => readMouseSelection(event);
  document.addEventListener("mouseup", onMouseUp);
  textEl.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") { clearSelection(); event.preventDefault(); return; }
    if (event.target === textEl && moveKeyboardSelection(event)) event.preventDefault();
  });
  root.addEventListener("keydown", (event) => {
    const key = event.key.toLowerCase();
    const command = event.ctrlKey || event.metaKey;
    if (command && key === "s") {
      // JupyterLab's shortcuts are off in here, so keep the browser's "Save page" dialog away.
      event.preventDefault();
      statusEl.textContent = "Highlights save themselves. To save the notebook, click outside the highlighter first.";
      return;
    }
    if (isTyping(event.target)) return;
    if (command && !event.altKey && !event.shiftKey && key === "z") {
      event.preventDefault();
      undo();
    } else if (!command && !event.altKey && moveByKey.has(key)) {
      event.preventDefault();
      tag(moveByKey.get(key).id);
    }
  });
  cueToggle.addEventListener("change", () => { model.set("show_cues", cueToggle.checked); model.save_changes(); });
  undoButton.addEventListener("click", undo);
  compareButton.addEventListener("click", () => {
    model.set("show_reference", !model.get("show_reference"));
    model.save_changes();
  });

  // Redrawing replaces elements; put the keyboard focus back where it was.
  const redraw = () => {
    const active = document.activeElement;
    const kept = active && root.contains(active) && active.dataset && active.dataset.ann
      ? { tag: active.tagName.toLowerCase(), id: active.dataset.ann, at: active.selectionStart } : null;
    drawText();
    drawSide();
    paintSelection();
    if (!kept || root.contains(document.activeElement)) return;
    const again = root.querySelector(`${kept.tag}[data-ann="${CSS.escape(kept.id)}"]`);
    if (!again) return textEl.focus({ preventScroll: true });
    again.focus({ preventScroll: true });
    if (kept.tag === "textarea" && kept.at != null) again.setSelectionRange(kept.at, kept.at);
  };
  model.on("change:annotations", redraw);
  model.on("change:cues", () => { drawText(); paintSelection(); });
  model.on("change:show_cues", () => { drawText(); drawStatus(); paintSelection(); });
  model.on("change:selection", paintSelection);
  model.on("change:reference", drawCompare);
  model.on("change:show_reference", drawCompare);
  for (const name of ["status", "error", "can_undo"]) model.on(`change:${name}`, drawStatus);

  drawPalette();
  drawLegend();
  redraw();
  drawStatus();
  drawCompare();

  return () => {
    document.removeEventListener("mouseup", onMouseUp);
    const group = typeof CSS !== "undefined" && CSS.highlights && CSS.highlights.get(SELECTION_HIGHLIGHT);
    if (group && paintSelection.range) group.delete(paintSelection.range);
  };
}

export default { render };
