// @ts-check
// Close Reading Lab: a kernel watch for the note box (anywidget front end).
//
// The note box is made of stock ipywidgets, which cannot tell that their kernel has gone: what is
// typed then is silently never saved. This small widget sits inside the box, follows the kernel
// through a KernelLink (prelude.js, put in front of this module) and, when the kernel goes,
// says so in place and makes the box read-only, so that nothing more is typed into a note that
// cannot be saved. The text stays on the screen to be copied.

/** @typedef {KernelWatch.Traits} Traits */

/** @param {RenderProps<Traits>} props */
function render({ model, el }) {
  const messageEl = h("p", { class: "cr-kernel-watch", role: "alert", hidden: true });
  el.append(messageEl);
  const link = new KernelLink(model, {
    offline: () => {
      // The note box around this widget (an ipywidgets VBox), or this widget alone.
      const box = el.closest(".widget-box") || el;
      // Python hides the watch (its layout says display: none) until it has something to say.
      for (let node = /** @type {HTMLElement | null} */ (el); node && node !== box; node = node.parentElement) {
        if (node.style.display === "none") node.style.display = "";
      }
      messageEl.textContent = model.get("message");
      messageEl.hidden = false;
      box.classList.add("cr-offline");
      for (const area of box.querySelectorAll("textarea")) area.readOnly = true;
      for (const button of box.querySelectorAll("button")) button.disabled = true;
    },
  });
  return () => link.close();
}

export default { render };
