// @ts-check
// Close Reading Lab: a watch for the note box (anywidget front end).
//
// The note box is made of stock ipywidgets, which cannot tell that their kernel, or the Jupyter
// server between page and kernel, has gone: what is typed then is silently never saved. This
// small widget sits inside the box and follows Python through a KernelLink (prelude.js, put in
// front of this module): the kernel's status, and, while the reader types in the box, a
// {type: "typed"} message that Python answers (one at a time; the box's own changes go before
// it). When the kernel goes, or no answer comes (a server that has died or hangs), it says so in
// place and makes the box read-only, so that nothing more is typed into a note that cannot be
// saved. The text stays on the screen to be copied.

/** @typedef {KernelWatch.Traits} Traits */

/** @param {RenderProps<Traits>} props */
function render({ model, el }) {
  const messageEl = h("p", { class: "cr-kernel-watch", role: "alert", hidden: true });
  el.append(messageEl);
  // The note box around this widget (an ipywidgets VBox), or this widget alone; it is looked for
  // when needed, as the box may not hold the watch yet while the watch is drawn.
  const box = () => el.closest(".widget-box") || el;
  const link = new KernelLink(model, {
    offline: () => {
      const around = box();
      // Python hides the watch (its layout says display: none) until it has something to say.
      for (let node = /** @type {HTMLElement | null} */ (el); node && node !== around; node = node.parentElement) {
        if (node.style.display === "none") node.style.display = "";
      }
      messageEl.textContent = model.get("message");
      messageEl.hidden = false;
      around.classList.add("cr-offline");
      for (const area of around.querySelectorAll("textarea")) area.readOnly = true;
      for (const button of around.querySelectorAll("button")) button.disabled = true;
    },
  });
  // On the document, after the box's own listeners: its change goes to Python first.
  /** @param {Event} event */
  const onInput = (event) => {
    if (!link.live || link.waiting.size || !(event.target instanceof Node)) return;
    if (box().contains(event.target)) link.send({ type: "typed" });
  };
  document.addEventListener("input", onInput);
  return () => { document.removeEventListener("input", onInput); link.close(); };
}

export default { render };
