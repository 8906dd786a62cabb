// @ts-check
// Close Reading Lab: what every course widget's page shares. This file is put in front of each
// widget's own module when the widget is made (one anywidget module is one piece of text; see
// closereading/widgets/_frontend.py), so it exports nothing and its names are each module's own.
//
// - h() builds elements; text always goes in as text, never as HTML.
// - isTyping() and STEP_KEYS: keys pressed in a box are the reader's; arrows select words.
// - pointToOffset(): from a point on the page to a character offset of the text.
// - KernelLink: how a page talks to Python. Every change the reader makes goes out with a
//   sequence number; Python answers {type: "done", seq, ok, saved} once it has handled it (and
//   written the file). Which messages are changes is Python's word: the model's `edits` trait. A
//   change without an answer after ANSWER_WAIT_MS prompts a ping, unless the kernel says it is
//   busy running a cell; a ping without an answer within PING_WAIT_MS (the kernel, or the
//   Jupyter server between page and kernel, has died or hangs), a send that throws ("Cannot
//   send"), or the kernel's own status (dead, restarting, disposed) means Python is gone. From
//   then on nothing is sent: every change is counted as not saved and the widget is told, so
//   that it can say so in place and refuse edits. "Saved" is only ever Python's word.
// - connectWidget() and showNotConnected(): the status line ("Saving…", Python busy) and the
//   notice in place when Python has gone.

const ANSWER_WAIT_MS = 4000;
const PING_WAIT_MS = 4000;
const KERNEL_GONE = new Set(["dead", "restarting", "autorestarting"]);
const SAVING_TEXT = "Saving…";
// What a widget says while an answer is late because Python is running another cell.
const KERNEL_BUSY_TEXT = "Python is busy running another cell; your change is saved when it finishes.";

// --- elements ------------------------------------------------------------------------------------

/** @typedef {Node | string | null | undefined} Child */
/** @typedef {string | number | boolean | null | undefined | Record<string, string | number>} Plain */
/**
 * h()'s attributes: `class`, `text` (the text content), `style` and `data` (objects), `on<event>`
 * (a listener), and any other attribute (true: present, false/null/undefined: left out).
 * @typedef {{[E in keyof HTMLElementEventMap as `on${E}`]?: (event: HTMLElementEventMap[E]) => void}
 *   & {[name: string]: Plain | ((event: any) => void)}} Attrs
 */

/**
 * Make an element: h("p", {class: "x", text: "hi"}, child, "more text"). Strings are added as
 * text nodes, so a transcript's or a reader's words can never become HTML.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Attrs} [attrs] @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") {
      node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (typeof value === "object") {
      if (key === "style") for (const [p, v] of Object.entries(value)) node.style.setProperty(p, String(v));
      else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
      else throw new TypeError(`h("${tag}"): the attribute ${key} cannot be an object`);
    } else if (key === "class") node.className = String(value);
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// --- keys ----------------------------------------------------------------------------------------

/** Keep the keys pressed in a widget from JupyterLab's notebook commands (arrow keys and letters
 * reach the widget's lists and boxes); Escape and Shift/Ctrl + Enter still reach JupyterLab.
 * @param {HTMLElement} root */
function keepKeys(root) {
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("keydown", (event) => {
    const leave = event.key === "Escape" || (event.key === "Enter" && (event.shiftKey || event.ctrlKey));
    if (!leave) event.stopPropagation();
  });
}

/** Whether a key went to a text box, list or field: its keys are the reader's, not shortcuts.
 * @param {EventTarget | null} target */
function isTyping(target) {
  return target instanceof Element && target.closest("textarea, input, select") !== null;
}

/** Arrow keys in the text: a word (← →; with Shift, more words) or a sentence (↑ ↓).
 * @type {Readonly<Record<string, {by: "word" | "sentence", forward: boolean}>>} */
const STEP_KEYS = {
  ArrowRight: { by: "word", forward: true },
  ArrowLeft: { by: "word", forward: false },
  ArrowDown: { by: "sentence", forward: true },
  ArrowUp: { by: "sentence", forward: false },
};

// --- from the page to offsets ------------------------------------------------------------------

/** Index of the first of `n` sorted items for which `test(i)` is true (n if none).
 * @param {number} n @param {(i: number) => boolean} test */
function firstWhere(n, test) {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(mid)) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * The offset in the text of a point on the page (a selection's start or end). `segs` are the
 * text's pieces in order, each an element holding one text node and its offsets in data-start
 * and data-end; pieces need not touch (a turn's speaker label, or a bracket, sits between them).
 * A point inside a piece is exact. A point outside every piece ends a selection at the end of
 * the piece before it and starts one at the start of the piece after it, so a selection never
 * takes in text that was not dragged across. Null when there is no text.
 * @param {readonly HTMLElement[]} segs @param {Node} node @param {number} offset
 * @param {boolean} isEnd
 * @returns {number | null}
 */
function pointToOffset(segs, node, offset, isEnd) {
  if (!segs.length) return null;
  /** @param {number} i @param {"start" | "end"} side */
  const at = (i, side) => Number(segs[i].dataset[side]);
  const own = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  if (own instanceof HTMLElement && own.dataset.start !== undefined) {
    const start = Number(own.dataset.start);
    const i = firstWhere(segs.length, (k) => at(k, "start") >= start);
    if (segs[i] === own) {
      if (node.nodeType === Node.TEXT_NODE) return start + offset;
      return offset > 0 ? at(i, "end") : start;
    }
  }
  const probe = document.createRange();
  const next = firstWhere(segs.length, (k) => {
    probe.selectNodeContents(segs[k]);
    return probe.comparePoint(node, offset) <= 0; // the point is before (or in) piece k
  });
  if (isEnd) return next > 0 ? at(next - 1, "end") : at(0, "start");
  return next < segs.length ? at(next, "start") : at(segs.length - 1, "end");
}

// --- the link to Python ------------------------------------------------------------------------

/**
 * An edit waiting for Python's answer, and what the widget attached to it (e.g. an outline).
 * @template T
 * @typedef {{since: number, pending: T[]}} Waiting
 */
/** @typedef {{type: "done", seq: number, ok?: boolean, saved?: boolean}} Done */
/**
 * What a KernelLink tells its widget (all optional).
 * @template T
 * @typedef {object} LinkHooks
 * @property {() => void} [saving] an edit went out and waits for Python's answer
 * @property {() => void} [busy] an answer is late because the kernel is running another cell
 * @property {(entry: Waiting<T>, message: Done) => void} [done] Python answered an edit
 * @property {(unsaved: Waiting<T>[]) => void} [offline] Python has gone (`unsaved`: the edits
 *   never answered), or an edit was refused because it had gone (`unsaved`: [])
 */

/**
 * @template {LinkTraits} M the model's traits
 * @template [T=never] what a widget attaches to an edit until it is answered
 */
class KernelLink {
  /** @param {AnyModel<M>} model @param {LinkHooks<T>} [hooks] */
  constructor(model, hooks = {}) {
    const edits = model.get("edits");
    if (!Array.isArray(edits)) {
      throw new TypeError("KernelLink: the widget's model has no `edits` list. Give its Python " +
        "class the synced trait `edits` (the message types that change the reader's file).");
    }
    this.model = model;
    this.edits = new Set(edits);
    this.hooks = hooks;
    this.live = true;
    this.lost = 0; // changes that were never saved
    this.seq = 0;
    /** @type {Map<number, Waiting<T>>} seq -> the edit, until Python answers */
    this.waiting = new Map();
    /** @type {number | null} */
    this.pingAt = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    /** @type {HostKernel | null} */
    this.kernel = null;
    /** @param {unknown} message */
    this.onMessage = (message) => this.answered(message);
    model.on("msg:custom", this.onMessage);
    this.unwatch = this.watchKernel();
  }

  /** Send `message`; an edit gets a sequence number, returned (null when nothing was sent).
   * @param {{type: string, [key: string]: unknown}} message */
  send(message) {
    const edit = this.edits.has(message.type);
    if (!this.live) {
      if (edit) this.lost += 1;
      this.hooks.offline?.([]);
      return null;
    }
    const seq = edit ? ++this.seq : null;
    try {
      this.model.send(seq !== null ? { ...message, seq } : message);
    } catch (error) { // "Cannot send": the kernel's connection is closed
      if (edit) this.lost += 1;
      this.goOffline();
      return null;
    }
    if (seq !== null) {
      this.waiting.set(seq, { since: performance.now(), pending: [] });
      this.hooks.saving?.();
      this.schedule(ANSWER_WAIT_MS);
    }
    return seq;
  }

  /** Set a trait from the page (a toggle, the current unit); refused once Python has gone.
   * @template {keyof M} K @param {K} name @param {M[K]} value */
  set(name, value) {
    if (!this.live) { this.hooks.offline?.([]); return false; }
    this.model.set(name, value);
    try { this.model.save_changes(); } catch (error) { this.goOffline(); return false; }
    return true;
  }

  /** Keep `thing` with edit `seq` until it is answered (e.g. its pending outline).
   * @param {number} seq @param {T} thing */
  attach(seq, thing) {
    const entry = this.waiting.get(seq);
    if (entry) entry.pending.push(thing);
  }

  close() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.model.off("msg:custom", this.onMessage);
    this.unwatch();
  }

  // --- inside -----------------------------------------------------------------------------------

  /** @param {number} ms */
  schedule(ms) {
    if (this.timer === null && this.live) this.timer = setTimeout(() => this.check(), ms);
  }

  /** An edit still unanswered: is the kernel busy, slow, or gone? */
  check() {
    this.timer = null;
    if (!this.live || !this.waiting.size) return;
    const now = performance.now();
    const oldest = Math.min(...[...this.waiting.values()].map((w) => w.since));
    if (this.kernel && this.kernel.status === "busy") {
      this.pingAt = null;
      this.hooks.busy?.();
      this.schedule(ANSWER_WAIT_MS);
    } else if (this.pingAt !== null && now - this.pingAt >= PING_WAIT_MS) {
      this.goOffline();
    } else if (this.pingAt === null && now - oldest >= ANSWER_WAIT_MS) {
      this.pingAt = now;
      try { this.model.send({ type: "ping", seq: ++this.seq }); } catch (error) { this.goOffline(); return; }
      this.schedule(PING_WAIT_MS);
    } else {
      this.schedule(ANSWER_WAIT_MS);
    }
  }

  /** Python's answers: an edit handled ("done"), or Python still there (anything, e.g. "pong").
   * @param {unknown} message */
  answered(message) {
    if (!message || typeof message !== "object" || !this.live) return;
    this.pingAt = null;
    const answer = /** @type {Partial<Done>} */ (message);
    if (answer.type !== "done" || typeof answer.seq !== "number") return;
    const entry = this.waiting.get(answer.seq);
    if (!entry) return;
    this.waiting.delete(answer.seq);
    this.hooks.done?.(entry, /** @type {Done} */ (answer));
  }

  /** Follow the kernel's status where the host tells it (JupyterLab, Notebook 7).
   * @returns {() => void} what stops following it */
  watchKernel() {
    const manager = this.model.widget_manager;
    const kernel = manager && manager.kernel;
    if (!kernel || !kernel.statusChanged || !kernel.disposed) return () => {};
    this.kernel = kernel;
    /** @param {unknown} _ @param {string} status */
    const onStatus = (_, status) => { if (KERNEL_GONE.has(status)) this.goOffline(); };
    const onDisposed = () => this.goOffline();
    kernel.statusChanged.connect(onStatus);
    kernel.disposed.connect(onDisposed);
    if (kernel.isDisposed || KERNEL_GONE.has(kernel.status)) queueMicrotask(() => this.goOffline());
    return () => {
      kernel.statusChanged.disconnect(onStatus);
      kernel.disposed.disconnect(onDisposed);
    };
  }

  goOffline() {
    if (!this.live) return;
    this.live = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lost += this.waiting.size;
    const unsaved = [...this.waiting.values()];
    this.waiting.clear();
    this.hooks.offline?.(unsaved);
  }
}

// --- what a widget shows of the link -----------------------------------------------------------

/**
 * Where a widget says that Python has gone: what to do (in `messageEl`) and how many changes
 * were not saved (also in `statusEl`); `root` gets `rootClass`, and every control in it that
 * could change the file refuses (`keep`: a selector for controls that only show things).
 * `task` finishes "re-run this cell to go on ...".
 * @typedef {{task: string, root: HTMLElement, messageEl: HTMLElement, statusEl: HTMLElement,
 *   rootClass: string, keep?: string}} NoticePlace
 */

/** Say in place that Python has gone (see NoticePlace), and make the widget refuse edits.
 * @param {{lost: number}} link @param {NoticePlace} place */
function showNotConnected(link, { task, root, messageEl, statusEl, rootClass, keep }) {
  const n = link.lost;
  const lost = n === 0 ? "Everything before this was saved."
    : `${n} ${n === 1 ? "change was" : "changes were"} not saved.`;
  messageEl.textContent = `Not connected to Python — re-run this cell to go on ${task}. ${lost}`;
  messageEl.hidden = false;
  statusEl.textContent = `Not connected. ${lost}`;
  root.classList.add(rootClass);
  for (const control of root.querySelectorAll("button, input, select")) {
    if (!keep || !control.matches(keep)) /** @type {HTMLButtonElement} */ (control).disabled = true;
  }
  for (const box of root.querySelectorAll("textarea")) box.readOnly = true;
}

/**
 * A KernelLink for a widget with a status line and a NoticePlace: "Saving…" while an edit waits,
 * the busy text while Python runs another cell, the notice once Python has gone. `hooks.done`
 * and `hooks.offline` run first (e.g. to drop or mark a pending outline).
 * @template {LinkTraits} M @template [T=never]
 * @param {AnyModel<M>} model @param {NoticePlace} place
 * @param {Pick<LinkHooks<T>, "done" | "offline">} [hooks]
 * @returns {KernelLink<M, T>}
 */
function connectWidget(model, place, hooks = {}) {
  /** @type {KernelLink<M, T>} */
  const link = new KernelLink(model, {
    saving: () => { place.statusEl.textContent = SAVING_TEXT; },
    busy: () => { place.statusEl.textContent = KERNEL_BUSY_TEXT; },
    done: (entry, message) => hooks.done?.(entry, message),
    offline: (unsaved) => { hooks.offline?.(unsaved); showNotConnected(link, place); },
  });
  addShareSwitch(link, place.statusEl);
  return link;
}

/**
 * "Share with my class", put after the status line of a widget whose Python class shares a
 * reading (its `share_kind` is set; widgets/_saved.py): a checkbox that asks Python to share or
 * to withdraw, and a line saying whether and when the last change reached the class. Nothing
 * for a widget that shares nothing.
 * @template {LinkTraits} M @template T
 * @param {KernelLink<M, T>} link @param {HTMLElement} after
 */
function addShareSwitch(link, after) {
  const model = /** @type {AnyModel<ShareTraits>} */ (/** @type {unknown} */ (link.model));
  if (!model.get("share_kind")) return;
  const box = h("input", { type: "checkbox", class: "cr-share-box" });
  // A live region of its own (not a second role=status beside the widget's status line).
  const said = h("span", { class: "cr-share-status", "aria-live": "polite", style: { "margin-left": "0.75em" } });
  const draw = () => {
    box.checked = Boolean(model.get("shared"));
    said.textContent = model.get("share_status") || "";
  };
  // The class's heat map, once the instructor reveals it: asked for by the student, drawn here
  // from the HTML Python made with the course's escaping views.
  const show = h("button", { type: "button", class: "cr-share-show", style: { "margin-left": "0.75em" } });
  const view = h("div", { class: "cr-class-view" });
  const drawView = () => {
    const html = model.get("class_view") || "";
    view.innerHTML = html;
    view.hidden = !html;
    show.textContent = html ? "Hide the class's heat map" : "Show the class's heat map";
    show.hidden = !model.get("shared") && !html;
  };
  show.addEventListener("click", () => { link.send({ type: "class-view", show: !model.get("class_view") }); });
  box.addEventListener("change", () => { link.send({ type: "share", on: box.checked }); });
  model.on("change:shared", () => { draw(); drawView(); });
  model.on("change:share_status", draw);
  model.on("change:class_view", drawView);
  draw();
  drawView();
  const line = h("p", { class: "cr-share" }, h("label", {}, box, " Share with my class"), " ", said, show);
  after.after(line);
  line.after(view);
}

/** The status line while the link is live: "Saving…" while an edit waits, else Python's words.
 * @param {{waiting: Map<number, unknown>}} link @param {string} status */
function statusText(link, status) {
  return link.waiting.size ? SAVING_TEXT : status;
}
