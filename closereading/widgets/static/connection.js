// Close Reading Lab: how a course widget's page talks to Python, shared by every course widget.
// This file is put in front of each widget's own module when the widget is made (one anywidget
// module is one piece of text; see closereading/widgets/_frontend.py), so it exports nothing.
//
// Every change the reader makes goes out with a sequence number; Python answers
// {type: "done", seq, ok, saved} once it has handled it (and written the file). A change without
// an answer after ANSWER_WAIT_MS prompts a ping, unless the kernel says it is busy running a
// cell; a ping without an answer within PING_WAIT_MS, a send that throws ("Cannot send"), or the
// kernel's own status (dead, restarting, disposed) means the kernel is gone. From then on nothing
// is sent: every change is counted as not saved and the widget is told, so that it can say so in
// place and refuse edits. "Saved" is only ever Python's word, after the write.

const ANSWER_WAIT_MS = 4000;
const PING_WAIT_MS = 4000;
const KERNEL_GONE = new Set(["dead", "restarting", "autorestarting"]);
// What a widget says while an answer is late because Python is running another cell.
const KERNEL_BUSY_TEXT = "Python is busy running another cell; your change is saved when it finishes.";

class KernelLink {
  /**
   * model: the anywidget model. edits: the message types that change the reader's file.
   * hooks (all optional):
   *   saving()           an edit went out and waits for Python's answer;
   *   busy()             an answer is late because the kernel is running another cell;
   *   done(entry, msg)   Python answered an edit (entry: what was attached to it, see attach);
   *   offline(entries)   the kernel is gone (entries: the edits never answered), or an edit
   *                      was refused because it had gone (entries: []).
   */
  constructor(model, edits, hooks = {}) {
    this.model = model;
    this.edits = new Set(edits);
    this.hooks = hooks;
    this.live = true;
    this.lost = 0; // changes that were never saved
    this.seq = 0;
    this.waiting = new Map(); // seq -> {since, pending: [...]} until Python answers
    this.pingAt = null;
    this.timer = null;
    this.kernel = null;
    this.onMessage = (message) => this.answered(message);
    model.on("msg:custom", this.onMessage);
    this.unwatch = this.watchKernel();
  }

  /** Send `message`; an edit gets a sequence number, returned (null when nothing was sent). */
  send(message) {
    const edit = this.edits.has(message.type);
    if (!this.live) {
      if (edit) this.lost += 1;
      this.call("offline", []);
      return null;
    }
    const seq = edit ? ++this.seq : null;
    try {
      this.model.send(edit ? { ...message, seq } : message);
    } catch (error) { // "Cannot send": the kernel's connection is closed
      if (edit) this.lost += 1;
      this.goOffline();
      return null;
    }
    if (edit) {
      this.waiting.set(seq, { since: performance.now(), pending: [] });
      this.call("saving");
      this.schedule(ANSWER_WAIT_MS);
    }
    return seq;
  }

  /** Set a trait from the page (a toggle, the current unit); refused once the kernel is gone. */
  set(name, value) {
    if (!this.live) { this.call("offline", []); return false; }
    this.model.set(name, value);
    try { this.model.save_changes(); } catch (error) { this.goOffline(); return false; }
    return true;
  }

  /** Things to keep with an edit until it is answered (e.g. its pending outline). */
  attach(seq, thing) {
    const entry = this.waiting.get(seq);
    if (entry) entry.pending.push(thing);
  }

  close() {
    clearTimeout(this.timer);
    this.timer = null;
    this.model.off("msg:custom", this.onMessage);
    this.unwatch();
  }

  // --- inside -----------------------------------------------------------------------------------

  call(name, ...args) {
    const hook = this.hooks[name];
    if (hook) hook(...args);
  }

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
      this.call("busy");
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

  /** Python's answers: an edit handled ("done"), or Python still there ("pong"). */
  answered(message) {
    if (!message || !this.live) return;
    this.pingAt = null;
    if (message.type !== "done") return;
    const entry = this.waiting.get(message.seq);
    if (!entry) return;
    this.waiting.delete(message.seq);
    this.call("done", entry, message);
  }

  /** Follow the kernel's status where the host tells it (JupyterLab, Notebook 7). */
  watchKernel() {
    const manager = this.model.widget_manager;
    const kernel = manager && manager.kernel;
    if (!kernel || !kernel.statusChanged || !kernel.disposed) return () => {};
    this.kernel = kernel;
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
    clearTimeout(this.timer);
    this.timer = null;
    this.lost += this.waiting.size;
    const unsaved = [...this.waiting.values()];
    this.waiting.clear();
    this.call("offline", unsaved);
  }
}

/**
 * Say in place that the kernel has gone: what to do (in `messageEl`) and how many changes were
 * not saved (also in `statusEl`); mark `root` with `rootClass` and make every control in it that
 * could change the file refuse (`keep`: a selector for controls that only show things).
 * `task` finishes "re-run this cell to go on ...".
 */
function showNotConnected(link, task, { root, messageEl, statusEl, rootClass, keep = null }) {
  const n = link.lost;
  const lost = n === 0 ? "Everything before this was saved."
    : `${n} ${n === 1 ? "change was" : "changes were"} not saved.`;
  messageEl.textContent = `Not connected to Python — re-run this cell to go on ${task}. ${lost}`;
  messageEl.hidden = false;
  statusEl.textContent = `Not connected. ${lost}`;
  root.classList.add(rootClass);
  for (const control of root.querySelectorAll("button, input, select")) {
    if (!keep || !control.matches(keep)) control.disabled = true;
  }
  for (const box of root.querySelectorAll("textarea")) box.readOnly = true;
}
