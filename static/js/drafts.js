/* Offline drafts: a form marked data-offline-draft (a thread reply, an activity report) that is
   submitted without a connection is kept in localStorage instead of being lost, and sent when the
   connection returns (or with one tap on "Kirim sekarang"). Sending fetches the form's page first
   for a fresh CSRF token. Without JavaScript the forms post as usual. */
(function () {
  "use strict";
  var bar = document.getElementById("draft-bar");
  var user = document.body.getAttribute("data-signed-in");
  if (!bar || !user || !window.localStorage || !window.fetch) { return; }
  var KEY = "forumdesa-drafts";
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function store(drafts) { localStorage.setItem(KEY, JSON.stringify(drafts)); }
  function mine(drafts) { return drafts.filter(function (d) { return d.user === user; }); }

  function say(text, draftsToList) {
    bar.replaceChildren(document.createTextNode(text));
    (draftsToList || []).forEach(function (d) {
      var link = document.createElement("a");
      link.href = d.page;
      link.className = "link-dark ms-1";
      link.textContent = d.label;
      bar.append(" ", link);
    });
    bar.hidden = !text;
  }

  function showWaiting() {
    var waiting = mine(load());
    if (!waiting.length) { bar.hidden = true; return; }
    var refused = waiting.filter(function (d) { return d.refused; });
    var pending = waiting.filter(function (d) { return !d.refused; });
    if (refused.length) { say(bar.dataset.msgRefused, refused); return; }
    say(bar.dataset.msgWaiting, pending);
    if (navigator.onLine) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-light ms-2 py-0";
      button.textContent = bar.dataset.msgSend;
      button.addEventListener("click", sendAll);
      bar.append(button);
    }
  }

  /* Offline: keep what was typed, tell the user, and leave the page as it is. */
  function saveDraft(form, submitter) {
    var fields = [];
    var hadFiles = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "file") { hadFiles = hadFiles || el.files.length > 0; return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.type === "submit" || el.type === "button") { return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { fields.push([el.name, o.value]); });
        return;
      }
      fields.push([el.name, el.value]);
    });
    if (submitter && submitter.name) { fields.push([submitter.name, submitter.value]); }
    var drafts = load();
    drafts.push({
      id: Date.now() + "-" + Math.random().toString(36).slice(2),
      user: user,
      action: form.action,
      page: location.pathname + location.search,
      label: form.dataset.offlineDraft,
      fields: fields,
      savedAt: new Date().toISOString()
    });
    store(drafts);
    form.reset();
    var note = document.createElement("div");
    note.className = "alert alert-info mt-2";
    note.setAttribute("role", "status");
    note.textContent = bar.dataset.msgSaved + (hadFiles ? " " + bar.dataset.msgFiles : "");
    var old = form.querySelector(".fd-draft-note");
    if (old) { old.remove(); }
    note.classList.add("fd-draft-note");
    form.append(note);
    showWaiting();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-offline-draft") || navigator.onLine) { return; }
    event.preventDefault();
    saveDraft(form, event.submitter);
  });

  function freshToken(page) {
    return fetch(page, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error("page " + response.status); }
      return response.text();
    }).then(function (html) {
      var input = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrfmiddlewaretoken]");
      if (!input) { throw new Error("no token"); }
      return input.value;
    });
  }

  function sendOne(draft) {
    return freshToken(draft.page).then(function (token) {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
      return fetch(draft.action, { method: "POST", body: body, credentials: "same-origin" });
    }).then(function (response) {
      // A saved form answers with a redirect; the same page again means the server refused it.
      return { accepted: response.ok && response.redirected, refused: !response.redirected, url: response.url };
    });
  }

  function withLock(work) {
    // One tab at a time, so that two open tabs do not send the same draft twice.
    if (navigator.locks) { return navigator.locks.request(KEY, work); }
    return work();
  }

  function sendAll() {
    if (sending || !navigator.onLine || !mine(load()).length) { return; }
    sending = true;
    var sentHere = null;
    withLock(function () {
      var chain = Promise.resolve();
      mine(load()).filter(function (d) { return !d.refused; }).forEach(function (draft) {
        chain = chain.then(function () {
          if (!load().some(function (d) { return d.id === draft.id; })) { return; } // sent by another tab
          return sendOne(draft).then(function (result) {
            var drafts = load();
            if (result.accepted) {
              store(drafts.filter(function (d) { return d.id !== draft.id; }));
              if (draft.page === location.pathname + location.search) { sentHere = result.url; }
            } else if (result.refused) {
              drafts.forEach(function (d) { if (d.id === draft.id) { d.refused = true; } });
              store(drafts);
            }
          }, function () { /* still no connection: try again later */ });
        });
      });
      return chain;
    }).then(function () {
      sending = false;
      if (sentHere) {
        sessionStorage.setItem("forumdesa-draft-sent", "1");
        if (sentHere.split("#")[0] === location.href.split("#")[0]) { location.reload(); } else { location.assign(sentHere); }
        return;
      }
      showWaiting();
    });
  }

  /* On the form of a refused draft: put its text back for the user to check and send. */
  function restoreRefused() {
    var here = location.pathname + location.search;
    var drafts = load();
    var draft = mine(drafts).filter(function (d) { return d.refused && d.page === here; })[0];
    var form = document.querySelector("form[data-offline-draft]");
    if (!draft || !form) { return; }
    draft.fields.forEach(function (pair) {
      var el = form.elements[pair[0]];
      if (el && el.type !== "file" && el.value !== undefined && !(el instanceof RadioNodeList)) { el.value = pair[1]; }
    });
    store(drafts.filter(function (d) { return d.id !== draft.id; }));
  }

  restoreRefused();
  if (sessionStorage.getItem("forumdesa-draft-sent")) {
    sessionStorage.removeItem("forumdesa-draft-sent");
    say(bar.dataset.msgSent);
  } else {
    showWaiting();
  }
  window.addEventListener("online", sendAll);
  window.addEventListener("offline", showWaiting);
  sendAll();
})();
