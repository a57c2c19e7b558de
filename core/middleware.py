"""Request checks that apply to every page."""

from django.http import Http404


def reject_nul_bytes(get_response):
    """A NUL byte in the path or the query string is a 404.

    No route or lookup ever matches one, but PostgreSQL refuses it in a query parameter with an
    error, so without this a code or token in a URL could turn into a 500 instead of "not found".
    """

    def middleware(request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            raise Http404
        return get_response(request)

    return middleware
