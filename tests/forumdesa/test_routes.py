"""Every route × every actor: the status each actor gets on each page (GET) and for each change
(POST, rolled back after each request) must be the one in tests/forumdesa/route_table.py.

The routes are read from the URL configuration itself, so a new page without a row in the table
fails here, and a row for a route that is gone fails too.
"""

import fnmatch

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PASSWORD, totp_code

from .route_table import ROUTES, SKIPPED
from .route_world import ACTORS, build_world

LOGIN_URLS = ("/akun/login/", "/admin/login/")


def all_routes(patterns=None, namespace=""):
    """The name of every route in the URL configuration, included apps' too (the pattern if unnamed)."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += all_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            found.append(f"{namespace}{entry.name}" if entry.name else f"{namespace}{entry.pattern}")
    return found


def skip_reason(route):
    return next((reason for pattern, reason in SKIPPED.items() if fnmatch.fnmatchcase(route, pattern)), None)


def test_every_route_has_a_row_and_every_row_a_route():
    routes = set(all_routes())
    missing = sorted(r for r in routes if r not in ROUTES and not skip_reason(r))
    assert not missing, f"routes with no row in tests/forumdesa/route_table.py ROUTES: {missing}"
    gone = sorted(set(ROUTES) - routes)
    assert not gone, f"rows in the route table for routes that no longer exist: {gone}"
    unused = sorted(p for p in SKIPPED if not any(fnmatch.fnmatchcase(r, p) for r in routes - set(ROUTES)))
    assert not unused, f"skip patterns that match no route: {unused}"


def test_every_row_names_each_actor_once():
    for route, (_args, get_row, post_row) in ROUTES.items():
        for row in (get_row, post_row):
            assert len(row.split()) == len(ACTORS), f"{route}: {row!r} needs one status per actor {ACTORS}"


def build_url(route, args, objects):
    """Route arguments: "name" is that object's pk, "name.attr.attr" an attribute, "=text" the text itself."""
    values = []
    for arg in args:
        if arg.startswith("="):
            values.append(arg[1:])
            continue
        name, *attrs = arg.split(".")
        value = objects[name]
        for attr in attrs or ([] if isinstance(value, str) else ["pk"]):
            value = getattr(value, attr)
        values.append(value)
    return reverse(route, args=values)


def sign_in(user):
    """A client signed in as the user; with two-factor sign-in on, through the password and the code."""
    client = Client(raise_request_exception=False)
    if user is None:
        return client
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        client.force_login(user)
        return client
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate"), user
    client.post(reverse("mfa_authenticate"), {"code": totp_code(decrypt(totp.data["secret"]))})
    assert client.session["_auth_user_id"] == str(user.pk), user
    return client


def status(response):
    """200, 403, 404, 405 … as they are; a redirect is L (to the sign-in) or R (elsewhere)."""
    if response.status_code in (301, 302):
        return "L" if response["Location"].startswith(LOGIN_URLS) else "R"
    return str(response.status_code)


def request(client, method, url):
    """The request inside a savepoint rolled back afterwards, with the client's cookies put back:
    each request sees the same world and the same signed-in session."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return status(response)


@pytest.mark.django_db
def test_each_actor_gets_what_the_route_table_says(regions, vapid):
    """With Web Push switched on (vapid), so its routes answer as they do in production."""
    actors, objects = build_world()
    clients = {name: sign_in(user) for name, user in actors.items()}
    wrong, observed = [], {}
    for route, (args, get_row, post_row) in ROUTES.items():
        url = build_url(route, args, objects)
        for method, row in (("get", get_row), ("post", post_row)):
            got = [request(clients[actor], method, url) for actor in ACTORS]
            observed[route, method] = " ".join(f"{g:>3}" for g in got)
            for actor, expected, answer in zip(ACTORS, row.split(), got, strict=True):
                if expected != answer:
                    wrong.append(f"{route} {method.upper()} {url} as {actor}: {answer}, the table says {expected}")
    assert not wrong, "\n".join(
        wrong
        + ["", "observed (columns: " + " ".join(ACTORS) + "):"]
        + [f"{r} {m}: {row}" for (r, m), row in observed.items()]
    )
