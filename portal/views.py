import functools
import zoneinfo
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.models import StaffRole
from core.models import AuditEntry
from meetings import services as meeting_services
from regions.importer import province_timezones
from regions.models import TIME_ZONES, Region
from villages.models import Official, Village
from villages.roles import roles

from .forms import AuditFilterForm

NEWEST = 5
AUDIT_PAGE_SIZE = 50


def home(request):
    if request.user.is_authenticated:
        context = _dashboard(request.user)
    else:
        context = {
            "village_count": Village.objects.count(),
            "official_count": Official.objects.active().count(),
            "province_count": Region.objects.provinces().count(),
        }
    return render(request, "portal/home.html", context)


def directory_query(region):
    """The village directory's filter for everything inside `region` (its filters cascade)."""
    names = ["provinsi", "kabupaten", "kecamatan"]
    chain = [region, *region.ancestors()][::-1]
    return urlencode({names[r.level - 1]: r.code for r in chain if r.level <= 3})


def _dashboard(user):
    mine = roles(user)
    requests = (
        Official.objects.filter(user=user)
        .exclude(status=Official.Status.ACTIVE)
        .select_related("position", "village__region__parent__parent__parent")
        .order_by("-created_at")[:3]
    )
    staff_roles = list(StaffRole.objects.filter(user=user, is_active=True).select_related("region__parent__parent"))
    for role in staff_roles:
        role.directory_query = directory_query(role.region)

    # "What is new" near the user: their village's kecamatan for officials, their region for staff.
    if mine.is_official:
        area = mine.official.village.region.parent
    elif staff_roles:
        area = staff_roles[0].region
    else:
        area = None
    villages = Village.objects.with_region()
    officials = Official.objects.active().select_related("user", "position", "village__region")
    if area is not None:
        villages = villages.within(area.code)
        officials = officials.filter(village__region__code__startswith=area.code + ".")
    terms_ending = []
    if mine.is_manager:
        village = mine.official.village
        today = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(village.region.timezone)).date()
        terms_ending = (
            Official.objects.term_ending(today)
            .filter(village=village)
            .select_related("user", "position")
            .order_by("term_end", "pk")[:NEWEST]
        )
    return {
        "roles": mine,
        "terms_ending": terms_ending,
        "upcoming_meetings": meeting_services.upcoming_for(user, limit=NEWEST),
        "action_items": meeting_services.open_action_items_for(user)[:NEWEST],
        "viewer_tz": meeting_services.viewer_timezone(user),
        "my_requests": requests,
        "my_staff_roles": staff_roles,
        "area": area,
        "new_villages": villages.order_by("-joined_at")[:NEWEST],
        "new_officials": officials.order_by("-decided_at", "-created_at")[:NEWEST],
    }


@functools.cache
def _zones():
    return {code: zoneinfo.ZoneInfo(name) for code, name in province_timezones().items()}


def _zone(entry):
    """The time zone where the entry happened (its region's province), with the zone's name."""
    zone = _zones().get(entry.region_code[:2]) or timezone.get_default_timezone()
    return zone, TIME_ZONES.get(str(zone), "WIB")


@login_required
def audit_log(request):
    """The audit trail: admins read all of it, district staff the entries of their region; nobody
    else learns that the page exists."""
    mine = roles(request.user)
    if mine.is_admin:
        entries = AuditEntry.objects.all()
    elif mine.is_staff_member:
        entries = AuditEntry.objects.in_regions(mine.staff_codes)
    else:
        raise Http404
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        # Days are the site's calendar days (WIB), inclusive at both ends.
        if data["start"]:
            entries = entries.filter(at__gte=timezone.make_aware(datetime.combine(data["start"], time.min)))
        if data["end"]:
            end = data["end"] + timedelta(days=1)
            entries = entries.filter(at__lt=timezone.make_aware(datetime.combine(end, time.min)))
    page = Paginator(entries.select_related("actor").order_by("-at", "-pk"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        entry.zone, entry.zone_abbr = _zone(entry)
        entry.detail_items = [(key.replace("_", " "), value) for key, value in entry.details.items()]
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(request, "portal/audit_log.html", {"form": form, "page": page, "query_string": urlencode(query)})
