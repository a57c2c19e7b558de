"""Request checks that apply to every page."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def reject_nul_bytes(get_response):
    """A NUL byte in the path is a 404.

    No route or lookup ever matches one, but PostgreSQL refuses it in a query parameter with an
    error, so without this a code or token in a URL could turn into a 500 instead of "not found".
    Query strings are not refused here: search boxes drop NUL with the rest of what they clean, and
    forms refuse it with a message (tests/forumdesa/test_nul_bytes.py pins both).
    """

    def middleware(request):
        if "\x00" in request.path_info:
            raise Http404
        return get_response(request)

    return middleware


# The site uses none of these; a page (or something injected into one) cannot ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """A view that loses its database connection answers 503 "try again", not a bare 500.

    Connections cut under load (a restarted or failed-over PostgreSQL, pg_terminate_backend) fail
    the requests in flight; CONN_HEALTH_CHECKS keeps the next ones from reusing the dead
    connection. The page is rendered without the request's context processors, which would query
    the database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
