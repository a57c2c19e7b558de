"""May this user see, write, submit or review an activity report, or read a dashboard.

A village's report is seen by its active officials, by staff whose scope covers the village and by
admins. Any official of the village drafts it while it is a draft or returned; only its managers
(Kepala Desa, Sekretaris Desa) submit. Staff covering the village review a submitted report. An
approved report is frozen for everyone. Dashboards: staff over regions they cover, a village's own
officials over their village.
"""

from django.db.models import Q
from django.http import Http404

from reports.models import ActivityReport, ReportAttachment
from villages.roles import covers_village, is_member_of, is_village_manager, roles, staff_scope_q


def visible_reports_q(user, field="village"):
    r = roles(user)
    if not user.is_authenticated:
        return Q(pk__in=[])
    if r.is_admin:
        return Q()
    q = Q(pk__in=[])
    if r.is_official:
        q |= Q(**{f"{field}_id": r.official.village_id})
    if r.is_staff_member:
        q |= staff_scope_q(user, f"{field}__region__code")
    return q


def can_see_report(user, report):
    return is_member_of(user, report.village) or covers_village(user, report.village)


def can_edit_report(user, report):
    return report.is_editable and is_member_of(user, report.village)


def can_submit_report(user, report):
    return report.is_editable and is_village_manager(user, report.village)


def can_review_report(user, report):
    return report.status == "submitted" and covers_village(user, report.village)


def reviews_reports(user):
    """District staff and admins review reports; their list puts those waiting for review first."""
    r = roles(user)
    return r.is_staff_member or r.is_admin


def can_start_report(user, village):
    return is_member_of(user, village)


def can_set_reporting_schedule(user, kabupaten):
    r = roles(user)
    return kabupaten.level == 2 and (r.is_admin or r.covers(kabupaten.code))


def can_see_region_dashboard(user, region):
    r = roles(user)
    return r.is_admin or r.covers(region.code)


def can_see_village_dashboard(user, village):
    return is_member_of(user, village) or covers_village(user, village)


# ---- Fetching what the user may see: missing and forbidden are the same 404 ----


def get_report_or_404(user, pk, *, rule=None):
    """The report when the user may see it and `rule`, if given, allows what they are about to do."""
    report = (
        ActivityReport.objects.select_related("village__region__parent__parent", "created_by").filter(pk=pk).first()
    )
    if report is None or not can_see_report(user, report) or (rule and not rule(user, report)):
        raise Http404
    return report


def get_report_attachment_or_404(user, pk):
    attachment = ReportAttachment.objects.select_related("report__village__region").filter(pk=pk).first()
    if attachment is None or not can_see_report(user, attachment.report):
        raise Http404
    return attachment
