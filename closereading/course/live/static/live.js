// The class service's live page: asks the service twice a second whether the class has changed
// (a small JSON answer) and, when it has, puts the new content in place. The content is HTML the
// service escaped; the page's content-security policy lets no inline script run in any case.
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-state");
  var revision = body.getAttribute("data-revision") || "0";
  var main = document.getElementById("live");
  var status = document.querySelector(".live-status");
  var failures = 0;

  function say(text, state) {
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  function openDetails() {
    return Array.prototype.map.call(main.querySelectorAll("details"), function (d) {
      return d.open;
    });
  }

  function put(html) {
    var open = openDetails();
    main.innerHTML = html;
    main.querySelectorAll("details").forEach(function (d, i) {
      if (open[i]) d.open = true;
    });
  }

  function tick() {
    fetch(url + "&since=" + encodeURIComponent(revision), {
      credentials: "same-origin",
      // The hub accepts its login cookie on a script's request only with the page's XSRF token.
      headers: { Accept: "application/json", "X-XSRFToken": body.getAttribute("data-xsrf") || "" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("the service answered " + response.status);
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        if (typeof state.html === "string") put(state.html);
        revision = String(state.revision);
        body.setAttribute("data-revision", revision);
        say("Live: updated " + new Date().toLocaleTimeString() + ".", "live");
      })
      .catch(function (error) {
        failures += 1;
        say("Not updating: " + error.message + ". Trying again.", "stale");
      })
      .then(function () {
        setTimeout(tick, failures ? Math.min(3000, 500 * failures) : 500);
      });
  }

  setTimeout(tick, 500);
})();
