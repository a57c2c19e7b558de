/* Web Push on the notification settings page: subscribe this browser through the service worker
   and hand the subscription to the server (POST with the page's CSRF token). Without JavaScript
   or without push support the panel only says where it works. */
(function () {
  "use strict";
  var panel = document.getElementById("push-panel");
  if (!panel || !("serviceWorker" in navigator) || !("PushManager" in window) || !window.isSecureContext) { return; }
  var controls = panel.querySelector("[data-push-controls]");
  var onButton = panel.querySelector("[data-push-on]");
  var offButton = panel.querySelector("[data-push-off]");
  var status = panel.querySelector("[data-push-status]");
  panel.querySelector("[data-push-unsupported]").hidden = true;
  controls.hidden = false;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(data)
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response;
    });
  }

  function show(subscribed, message) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
    if (message) { status.textContent = message; }
  }

  var ready = navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  });
  ready.then(function (registration) { return registration.pushManager.getSubscription(); })
    .then(function (subscription) { show(Boolean(subscription)); })
    .catch(function () { /* keep the "on" button */ });

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error("denied"); }
      return ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(panel.dataset.pushKey)
      });
    }).then(function (subscription) {
      var data = typeof subscription.toJSON === "function" ? subscription.toJSON() : subscription;
      return post(panel.dataset.subscribeUrl, data);
    }).then(function () {
      show(true, panel.dataset.msgOn);
    }).catch(function (error) {
      show(false, error && error.message === "denied" ? panel.dataset.msgDenied : panel.dataset.msgError);
    }).then(function () { onButton.disabled = false; });
  });

  offButton.addEventListener("click", function () {
    offButton.disabled = true;
    ready.then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) { return null; }
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () { return post(panel.dataset.unsubscribeUrl, { endpoint: endpoint }); });
      })
      .then(function () { show(false, panel.dataset.msgOff); })
      .catch(function () { status.textContent = panel.dataset.msgError; })
      .then(function () { offButton.disabled = false; });
  });
})();
