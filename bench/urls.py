from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    """The cheapest possible Django response: what the server manages with no work at all."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling", ceiling), path("", include("forumdesa.urls"))]
