"""Subscribing a phone to Web Push from the notification settings page, in Chromium.

Headless Chromium cannot reach a real push service, so the test stands in for the browser's push
service: pushManager.subscribe returns a subscription whose keys the test made. What this covers is
the page's side (it asks permission, subscribes with the site's VAPID key, posts the subscription
with the CSRF token, and can turn it off), the server storing it, a message sent to that stored
subscription decrypting with the browser's keys, and the service worker showing a pushed message.
"""

import json

import pytest

from core import scheduler
from notifications.models import NotificationKind, PushSubscription
from notifications.services import notify
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

FAKE_PUSH_MANAGER = """
(() => {
  const sub = %s;
  // Kept across reloads like a real subscription (but only in this tab).
  const make = () => ({
    endpoint: sub.endpoint,
    toJSON: () => sub,
    unsubscribe: () => { sessionStorage.removeItem("push"); return Promise.resolve(true); },
  });
  window.__pushKeys = [];
  if (window.PushManager) {
    PushManager.prototype.subscribe = function (options) {
      window.__pushKeys.push(btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey))));
      sessionStorage.setItem("push", "1");
      return Promise.resolve(make());
    };
    PushManager.prototype.getSubscription = function () {
      return Promise.resolve(sessionStorage.getItem("push") ? make() : null);
    };
  }
})();
"""


def test_phone_subscribes_and_unsubscribes(new_page, transactional_db, vapid, push_service, expect):
    user = UserFactory(full_name="Siti Rahayu")
    browser_keys = push_service.browser("chromium")
    page = new_page()
    page.context.grant_permissions(["notifications"])
    page.context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(browser_keys.subscription_json()))
    log_in(page, user.email, PASSWORD)
    page.goto("/akun/notifikasi/pengaturan/")
    panel = page.locator("#push-panel")
    expect(panel.get_by_role("heading", name="Notifikasi di ponsel")).to_be_visible()
    panel.get_by_role("button", name="Aktifkan di ponsel ini").click()
    expect(panel.get_by_role("status")).to_have_text("Notifikasi push aktif di ponsel ini.")
    expect(panel.get_by_role("button", name="Matikan di ponsel ini")).to_be_visible()

    stored = PushSubscription.objects.get()
    assert stored.user == user and stored.endpoint == browser_keys.endpoint
    # The page subscribed with the site's public key (the same bytes, in standard base64).
    sent_key = page.evaluate("window.__pushKeys[0]")
    assert sent_key.rstrip("=").replace("+", "-").replace("/", "_") == vapid

    notify(
        [user],
        kind=NotificationKind.MEETINGS,
        key="meeting-reminder:1",
        template="notifications/emails/notice",
        context={"title": "Pengingat: Pelatihan BUMDes", "message": "Besok 09.00 WIB di Balai Desa Serang."},
        url="/rapat/1/",
    )
    scheduler.run_due(labels=["notifications.pushmessage"])
    (message,) = push_service.messages_for(browser_keys)
    assert message["title"] == "Pengingat: Pelatihan BUMDes"

    page.reload()
    expect(panel.get_by_text("Notifikasi push aktif di 1 perangkat.")).to_be_visible()
    panel.get_by_role("button", name="Matikan di ponsel ini").click()
    expect(panel.get_by_role("status")).to_have_text("Notifikasi push dimatikan di ponsel ini.")
    assert not PushSubscription.objects.exists()


def test_without_javascript_the_panel_says_where_push_works(browser, live_server, transactional_db, vapid):
    user = UserFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE_VIEWPORT)
    page = context.new_page()
    log_in(page, user.email, PASSWORD)
    page.goto("/akun/notifikasi/pengaturan/")
    assert page.get_by_text("Untuk menyalakannya, buka halaman ini di peramban ponsel").is_visible()
    assert not page.get_by_role("button", name="Aktifkan di ponsel ini").is_visible()
    context.close()


def test_service_worker_shows_a_pushed_message(new_page, transactional_db, expect):
    user = UserFactory()
    page = new_page()
    page.context.grant_permissions(["notifications"])
    log_in(page, user.email, PASSWORD)
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready")
    # The browser's push service is out of reach: DevTools hands the worker a push message instead.
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(100):  # the registration event arrives soon after enable
        if registrations:
            break
        page.wait_for_timeout(100)
    (registration,) = [r for r in registrations if not r.get("isDeleted")]
    data = {"title": "Pengingat: Pelatihan BUMDes", "body": "Besok 09.00 WIB", "url": "/rapat/1/", "tag": "t1"}
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": registration["registrationId"],
            "data": json.dumps(data),
        },
    )
    page.wait_for_function("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(n => n.length > 0)")
    shown = page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(ns => ns.map(n => [n.title, n.body, n.data.url]))"
    )
    assert shown == [["Pengingat: Pelatihan BUMDes", "Besok 09.00 WIB", "/rapat/1/"]]
