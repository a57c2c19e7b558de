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
