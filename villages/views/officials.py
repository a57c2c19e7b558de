"""Officials: directory, join requests and their decisions, ending terms, invitations."""
from django.http import HttpResponse


def official_directory(request):
    return HttpResponse(status=501)


join_village = pending_approvals = manage_officials = invite_official = official_directory
decide_official = end_term = withdraw_request = accept_invitation = official_directory
