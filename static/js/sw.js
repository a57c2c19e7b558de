/* ForumDesa service worker: keeps the site's shell (styles, scripts, icons) and the pages the user
   opened, so a page read before stays readable without a connection. Pages come from the network
   first; the stored copy is only used when the network fails, and the page's own script then shows
   the "offline" bar. Served from /sw.js so that it controls the whole site. */
"use strict";

var SHELL = "forumdesa-shell-v1";
var PAGES = "forumdesa-pages-v1";
var KEEP = [SHELL, PAGES];

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (n) { return KEEP.indexOf(n) < 0; })
          .map(function (n) { return caches.delete(n); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function sameOrigin(url) { return new URL(url, self.location.href).origin === self.location.origin; }

function storable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

/* The page tells the worker what it used: its own address and its static files. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "opened") { return; }
  var shell = (data.assets || []).filter(sameOrigin);
  event.waitUntil(Promise.all([
    caches.open(SHELL).then(function (cache) { return cache.addAll(shell); }),
    data.page && sameOrigin(data.page) ? fetch(data.page, { credentials: "same-origin" }).then(function (response) {
      if (storable(response)) {
        return caches.open(PAGES).then(function (cache) { return cache.put(data.page, response); });
      }
    }) : null
  ]).catch(function () { /* offline while storing: try again on the next page */ }));
});

function offlinePage() {
  return new Response(
    "<!DOCTYPE html><html lang=\"id\"><meta charset=\"utf-8\"><title>ForumDesa</title>" +
    "<p>Anda sedang offline. Halaman ini belum pernah dibuka di perangkat ini.</p></html>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
  );
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) { return; }
  var path = new URL(request.url).pathname;
  if (path.indexOf("/admin/") === 0) { return; }

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) {
        if (storable(response)) {
          var copy = response.clone();
          caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(request, { cacheName: PAGES, ignoreVary: true }).then(function (stored) { return stored || offlinePage(); });
      })
    );
    return;
  }

  if (path.indexOf("/static/") === 0) {
    event.respondWith(
      caches.match(request, { cacheName: SHELL }).then(function (stored) {
        return stored || fetch(request).then(function (response) {
          if (storable(response)) {
            var copy = response.clone();
            caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        });
      })
    );
  }
});

/* Web Push: show what the server sent ({title, body, url, tag}) and open its link on a tap. */
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : "" }; }
  event.waitUntil(self.registration.showNotification(data.title || "ForumDesa", {
    body: data.body || "",
    tag: data.tag || undefined,
    icon: "/static/img/icon-192.png",
    badge: "/static/img/icon-192.png",
    lang: "id",
    data: { url: data.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === url && "focus" in windows[i]) { return windows[i].focus(); }
      }
      return self.clients.openWindow(url);
    })
  );
});
