/* ForumDesa: small enhancements on top of forms that work without JavaScript. */
(function () {
  "use strict";

  /* Village and region fields: fill the <datalist> from the lookup endpoint while the user types. */
  function enhanceLookup(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last || /\(\d[\d.]*\)$/.test(q)) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = q;
        fetch(input.dataset.lookup + "&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) {
            if (input.value.trim() !== q) { return; }
            var doc = new DOMParser().parseFromString("<select>" + html + "</select>", "text/html");
            list.replaceChildren.apply(list, Array.prototype.slice.call(doc.querySelectorAll("option")));
          })
          .catch(function () { /* offline: the server resolves the typed name on submit */ });
      }, 250);
    });
  }

  /* A form part shown only for one value of a control: data-show-when="field_name=value[,value]". */
  function enhanceDependents(form) {
    var parts = form.querySelectorAll("[data-show-when]");
    if (!parts.length) { return; }
    function update() {
      parts.forEach(function (part) {
        var rule = part.dataset.showWhen.split("=");
        var wanted = rule[1].split(",");
        var value = "";
        var controls = form.querySelectorAll("[name='" + rule[0] + "']");
        controls.forEach(function (c) {
          if ((c.type === "radio" || c.type === "checkbox") ? c.checked : true) { value = c.value; }
        });
        part.hidden = wanted.indexOf(value) === -1;
      });
    }
    form.addEventListener("change", update);
    update();
  }

  /* Menu groups: one open at a time, and a tap elsewhere closes it. */
  var groups = document.querySelectorAll(".nav-group details");
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) { if (other !== group) { other.open = false; } });
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) { group.open = false; } });
  });

  /* Installable web app: the service worker keeps pages read before; a bar says when one is shown offline. */
  var offlineBar = document.getElementById("offline-bar");
  function showConnection() {
    if (offlineBar) { offlineBar.hidden = navigator.onLine; }
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();
  /* Signed out (perhaps on a shared phone): forget the pages kept for the previous user. */
  if (!document.body.hasAttribute("data-signed-in") && window.caches) {
    caches.delete("forumdesa-pages-v1");
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (!navigator.onLine || !registration.active) { return; }
      var assets = [];
      document.querySelectorAll("link[rel~=stylesheet][href], link[rel~=icon][href], link[rel=apple-touch-icon][href], script[src]")
        .forEach(function (el) { assets.push(el.href || el.src); });
      var page = document.body.hasAttribute("data-no-offline") ? null : location.href;
      registration.active.postMessage({ type: "opened", page: page, assets: assets });
    }).catch(function () { /* no worker: the site works as before */ });
  }

  document.querySelectorAll("input[data-lookup][list]").forEach(enhanceLookup);
  document.querySelectorAll("form").forEach(enhanceDependents);
})();
