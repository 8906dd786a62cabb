"""The widgets' shared prelude (``closereading/widgets/static/prelude.js``) in a blank Chromium
page, without JupyterLab: the link to Python driven through a fake model and Playwright's
clock (an answer in time, one late while the kernel is busy, a ping answered, a ping never
answered, a send that throws, messages that are not edits), the element builder's escaping,
which keys are the reader's, and the mapping from a point on the page to a text offset at the
pieces' boundaries. Each widget's module, prelude and all, must also load as the browser's own
module loader reads it.
"""

from __future__ import annotations

import pytest

from closereading.widgets._frontend import PRELUDE, STATIC, module

pytestmark = pytest.mark.browser

# A model as anywidget hands one to a module (get, set, save_changes, send, on, off), which
# records what the page sends; answer() plays Python's reply. A kernel as JupyterLab offers it:
# a status and the signals that tell its changes.
FAKES_JS = """
function fakeKernel(status) {
  const slots = { status: [], disposed: [] };
  const signal = (name) => ({
    connect: (slot) => { slots[name].push(slot); return true; },
    disconnect: (slot) => { slots[name] = slots[name].filter((s) => s !== slot); return true; },
  });
  return {
    status, isDisposed: false, statusChanged: signal("status"), disposed: signal("disposed"),
    setStatus(next) { this.status = next; for (const slot of slots.status) slot(this, next); },
  };
}

function fakeModel(traits, kernel = null) {
  const listeners = new Map();
  return {
    traits: { ...traits }, sent: [], broken: false,
    get(name) { return this.traits[name]; },
    set(name, value) { this.traits[name] = value; },
    save_changes() { if (this.broken) throw new Error("Cannot send"); },
    send(content) { if (this.broken) throw new Error("Cannot send"); this.sent.push(content); },
    on(event, callback) { listeners.set(event, [...(listeners.get(event) || []), callback]); },
    off(event, callback) { listeners.set(event, (listeners.get(event) || []).filter((c) => c !== callback)); },
    answer(message) { for (const callback of listeners.get("msg:custom") || []) callback(message); },
    widget_manager: kernel ? { kernel } : undefined,
  };
}

// A link whose hooks are written down in window.heard, in order.
function recordedLink(model) {
  window.heard = [];
  const note = (name) => (...args) => window.heard.push([name, ...args]);
  return new KernelLink(model, {
    saving: note("saving"), busy: note("busy"),
    done: (entry, message) => window.heard.push(["done", message]),
    offline: (unsaved) => window.heard.push(["offline", unsaved.length]),
  });
}
"""


@pytest.fixture
def bare(page):
    """A blank page with the prelude (and the fakes) loaded, and Playwright's clock in charge:
    paused, so that time moves only with ``clock.run_for``, whatever the machine's load."""
    page.clock.install(time=0)
    page.clock.pause_at(60_000)
    page.set_content(
        "<!doctype html><html lang='en'><head><title>prelude</title></head><body></body></html>"
    )
    page.add_script_tag(content=(STATIC / PRELUDE).read_text(encoding="utf-8"))
    page.add_script_tag(content=FAKES_JS)
    return page


def heard(page) -> list:
    return page.evaluate("window.heard")


def sent(page) -> list:
    return page.evaluate("window.model.sent")


def start_link(page, edits=("tag", "note"), kernel: str | None = "idle") -> None:
    page.evaluate(
        """([edits, status]) => {
          window.kernel = status ? fakeKernel(status) : null;
          window.model = fakeModel({ edits }, window.kernel);
          window.link = recordedLink(window.model);
        }""",
        [list(edits), kernel],
    )


def test_an_edit_answered_in_time_is_saved_and_no_ping_follows(bare):
    start_link(bare)
    assert bare.evaluate("link.send({ type: 'tag', move: 'deny' })") == 1
    assert sent(bare) == [{"type": "tag", "move": "deny", "seq": 1}]
    assert heard(bare) == [["saving"]]
    bare.clock.run_for(1000)
    bare.evaluate("model.answer({ type: 'done', seq: 1, ok: true, saved: true })")
    assert heard(bare)[-1] == ["done", {"type": "done", "seq": 1, "ok": True, "saved": True}]
    assert bare.evaluate("link.waiting.size") == 0
    bare.clock.run_for(20_000)
    assert len(sent(bare)) == 1  # no ping: nothing is waiting
    assert bare.evaluate("link.live && link.lost === 0")


def test_a_late_answer_while_the_kernel_is_busy_says_busy_and_stays_live(bare):
    start_link(bare, kernel="busy")
    bare.evaluate("link.send({ type: 'note', id: 'a1', note: 'why' })")
    bare.clock.run_for(4000)
    assert heard(bare) == [["saving"], ["busy"]]
    bare.clock.run_for(20_000)  # a long cell: still busy, never offline, never a ping
    assert all(name != "offline" for name, *_ in heard(bare))
    assert [m["type"] for m in sent(bare)] == ["note"]
    bare.evaluate(
        "kernel.setStatus('idle'); model.answer({ type: 'done', seq: 1, ok: true, saved: true })"
    )
    assert heard(bare)[-1][0] == "done"
    assert bare.evaluate("link.live && link.lost === 0")


def test_a_late_answer_brings_a_ping_and_a_pong_keeps_the_link(bare):
    start_link(bare)
    bare.evaluate("link.send({ type: 'tag', move: 'deny' })")
    bare.clock.run_for(3999)
    assert len(sent(bare)) == 1  # not yet late
    bare.clock.run_for(1)
    assert sent(bare)[-1] == {"type": "ping", "seq": 2}
    bare.evaluate("model.answer({ type: 'pong', seq: 2 })")
    bare.clock.run_for(4000)
    assert bare.evaluate("link.live")
    bare.evaluate("model.answer({ type: 'done', seq: 1, ok: true, saved: true })")
    assert heard(bare)[-1][0] == "done"
    assert all(name != "offline" for name, *_ in heard(bare))


def test_a_ping_never_answered_goes_offline_and_counts_what_was_not_saved(bare):
    bare.evaluate(
        """() => {
          document.body.innerHTML = `<div id="root"><p id="notice" hidden></p><p id="status"></p>
            <button id="undo">Undo</button><button class="show">Show</button>
            <input id="box"><textarea id="note"></textarea></div>`;
          const $ = (id) => document.getElementById(id);
          window.model = fakeModel({ edits: ["tag"] }, fakeKernel("idle"));
          window.link = connectWidget(model, { task: "highlighting", root: $("root"),
            messageEl: $("notice"), statusEl: $("status"), rootClass: "cr-offline", keep: ".show" });
        }"""
    )
    bare.evaluate(
        "link.send({ type: 'tag', move: 'deny' }); link.send({ type: 'tag', move: 'hedge' })"
    )
    assert bare.locator("#status").text_content() == "Saving…"
    bare.clock.run_for(4000)
    assert sent(bare)[-1]["type"] == "ping"
    bare.clock.run_for(4000)  # nobody answers: the kernel, or the server before it, has gone
    assert not bare.evaluate("link.live")
    notice = bare.locator("#notice")
    assert notice.is_visible()
    assert notice.text_content() == (
        "Not connected to Python — re-run this cell to go on highlighting. "
        "2 changes were not saved."
    )
    assert bare.locator("#status").text_content() == "Not connected. 2 changes were not saved."
    assert bare.evaluate("document.getElementById('root').classList.contains('cr-offline')")
    assert bare.locator("#undo").is_disabled() and bare.locator("#box").is_disabled()
    assert bare.locator(".show").is_enabled()  # it only shows things
    assert not bare.locator("#note").is_editable()
    # Nothing more is sent; a change tried now is counted as not saved too.
    count = len(sent(bare))
    assert bare.evaluate("link.send({ type: 'tag', move: 'deny' })") is None
    assert len(sent(bare)) == count
    assert bare.locator("#status").text_content() == "Not connected. 3 changes were not saved."


def test_a_send_that_throws_goes_offline(bare):
    start_link(bare)
    assert bare.evaluate("model.broken = true; link.send({ type: 'tag', move: 'deny' })") is None
    assert heard(bare) == [["offline", 0]]
    assert bare.evaluate("[link.live, link.lost]") == [False, 1]
    assert bare.evaluate("link.set('show_cues', true)") is False  # refused, not half-done


def test_the_kernel_going_away_goes_offline_with_what_waits(bare):
    start_link(bare)
    bare.evaluate("link.send({ type: 'tag', move: 'deny' }); kernel.setStatus('dead')")
    assert heard(bare)[-1] == ["offline", 1]
    assert bare.evaluate("[link.live, link.lost]") == [False, 1]


def test_only_the_models_edits_get_a_sequence_number(bare):
    # "note" is an edit in the highlighter, but not in this model's list: the page asks the model.
    start_link(bare, edits=["assign"])
    assert bare.evaluate("link.send({ type: 'select', start: 3, end: 9 })") is None
    assert bare.evaluate("link.send({ type: 'note', id: 'a1', note: '' })") is None
    assert sent(bare) == [
        {"type": "select", "start": 3, "end": 9},
        {"type": "note", "id": "a1", "note": ""},
    ]
    assert heard(bare) == []  # nothing waits for an answer
    bare.clock.run_for(20_000)
    assert len(sent(bare)) == 2  # and no ping
    assert bare.evaluate("link.send({ type: 'assign', number: 1, referent: 'we' })") == 1
    assert sent(bare)[-1]["seq"] == 1


def test_a_model_without_an_edit_list_is_refused_with_the_fix(bare):
    message = bare.evaluate(
        "() => { try { new KernelLink(fakeModel({})); return ''; } catch (e) { return e.message; } }"
    )
    assert "edits" in message and "Python" in message


def test_h_puts_text_in_as_text_never_as_html(bare):
    found = bare.evaluate(
        """() => {
          const attack = '<img src=x onerror="window.hit = 1">';
          let clicked = 0;
          const node = h("p", { class: "cr-x", text: attack, title: '"><b>t</b>', hidden: false,
                                role: null, "aria-busy": true, data: { ann: "a<1>" },
                                style: { "--cr-colour": "red" }, onclick: () => { clicked += 1; } },
                         attack, null, ["<i>list</i>", undefined]);
          document.body.append(node);
          node.click();
          return { elements: node.querySelectorAll("*").length, text: node.textContent,
                   html: node.innerHTML, title: node.getAttribute("title"), hit: window.hit ?? 0,
                   hidden: node.hasAttribute("hidden"), role: node.hasAttribute("role"),
                   busy: node.getAttribute("aria-busy"), ann: node.dataset.ann,
                   colour: node.style.getPropertyValue("--cr-colour"), clicked, cls: node.className };
        }"""
    )
    attack = '<img src=x onerror="window.hit = 1">'
    assert found["elements"] == 0
    assert found["text"] == attack + attack + "<i>list</i>"
    assert "&lt;img" in found["html"] and "<img" not in found["html"]
    assert found["title"] == '"><b>t</b>' and found["ann"] == "a<1>"
    assert found["hit"] == 0
    assert (found["hidden"], found["role"], found["busy"]) == (False, False, "")
    assert (found["colour"], found["clicked"], found["cls"]) == ("red", 1, "cr-x")


def test_is_typing_only_in_boxes_lists_and_fields(bare):
    found = bare.evaluate(
        """() => {
          document.body.innerHTML = `<textarea></textarea><input><select><option>a</option></select>
            <div tabindex="0"><span>text</span></div><button>b</button>`;
          const q = (s) => document.querySelector(s);
          return [q("textarea"), q("input"), q("select"), q("option"), q("div"), q("span"),
                  q("button"), document, window, null].map(isTyping);
        }"""
    )
    assert found == [True, True, True, True, False, False, False, False, False, False]


# Two turns: a speaker's label before each, and a gap (11 to 13) between them that is not drawn.
TEXT_HTML = """<div id="text"><p><span class="who">Q: </span><span class="seg" data-start="0"
data-end="5">Hello</span><span class="mark"><span class="seg" data-start="5" data-end="11"> world</span></span></p><p><span
class="who">A: </span><span class="seg" data-start="13" data-end="18">Fine.</span></p></div>"""


@pytest.mark.parametrize(
    ("point", "start", "end"),
    [
        ("[segs[0].firstChild, 2]", 2, 2),  # inside a piece's text: exact
        ("[segs[1], 0]", 5, 5),  # a piece's own element, before its text
        ("[segs[1], 1]", 11, 11),  # ... and after it
        ("[segs[1].parentElement, 1]", 13, 11),  # after a highlight's wrapper
        # In the second turn's speaker label, between the pieces: a selection that ends here
        # ends with the first turn (11), not at the start of the second (13); one that starts
        # here starts with the second turn.
        ("[who[1].firstChild, 1]", 13, 11),
        ("[who[0].firstChild, 1]", 0, 0),  # before all the text
        ("[text, text.childNodes.length]", 18, 18),  # after all of it
    ],
)
def test_a_point_on_the_page_becomes_an_offset_at_the_pieces_boundaries(bare, point, start, end):
    found = bare.evaluate(
        f"""() => {{
          document.body.innerHTML = {TEXT_HTML!r};
          const text = document.getElementById("text");
          const segs = [...text.querySelectorAll(".seg")];
          const who = [...text.querySelectorAll(".who")];
          const [node, offset] = {point};
          return [pointToOffset(segs, node, offset, false), pointToOffset(segs, node, offset, true)];
        }}"""
    )
    assert found == [start, end]


def test_no_text_gives_no_offset(bare):
    assert bare.evaluate("pointToOffset([], document.body, 0, true)") is None


@pytest.mark.parametrize("name", ["highlighter", "answer_coder", "pronoun_table", "kernel_watch"])
def test_each_widget_module_loads_as_a_module(bare, name):
    """As anywidget loads it, from a blob: URL: a name declared twice in one module, say, is a
    syntax error that only a real module loader reports."""
    kind = bare.evaluate(
        """async (code) => {
          const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
          const loaded = await import(url);
          return typeof loaded.default.render;
        }""",
        module(name),
    )
    assert kind == "function"
