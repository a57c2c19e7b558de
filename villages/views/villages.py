"""Member villages: directory with filters, public village page, profile and IDM editing."""
from django.http import HttpResponse


def village_directory(request):
    return HttpResponse(status=501)


village_detail = village_edit = village_idm = village_directory
