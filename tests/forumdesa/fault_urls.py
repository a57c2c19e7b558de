"""The site's URLs plus views that fail the way a cut database connection or a bug does."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from forumdesa.urls import urlpatterns as site_urlpatterns


def connection_cut(request):
    raise OperationalError("terminating connection due to administrator command")


def connection_closed(request):
    raise InterfaceError("connection already closed")


def bug(request):
    raise ZeroDivisionError("division by zero")


urlpatterns = [
    path("_fault/cut/", connection_cut),
    path("_fault/closed/", connection_closed),
    path("_fault/bug/", bug),
    *site_urlpatterns,
]
