"""The village page's sections from the apps above `villages` (registered in PortalConfig.ready)."""

from enterprises.services import village_panel
from knowledge.practices import village_library
from meetings.services import hosted_by, viewer_timezone
from villages.panels import Panel, register


def upcoming_meetings(request, village):
    meetings = list(hosted_by(village, request.user))
    if not meetings:
        return None
    return {"meetings": meetings, "viewer_tz": viewer_timezone(request.user)}


def library(request, village):
    # The library is for signed-in officials and staff.
    return village_library(village) if request.user.is_authenticated else None


def collaboration(request, village):
    return {} if request.user.is_authenticated else None


def economy(request, village):
    return village_panel(request, village)


def register_village_panels():
    register(Panel("portal/panels/meetings.html", upcoming_meetings, order=10))
    register(Panel("portal/panels/library.html", library, order=20))
    register(Panel("portal/panels/collaboration.html", collaboration, order=30))
    register(Panel("enterprises/panels/economy.html", economy, order=15))
