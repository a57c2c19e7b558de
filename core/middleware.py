"""Request checks that apply to every page."""

from django.http import Http404


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
