"""May this user see, write, submit or review an activity report, or read a dashboard.

A village's report is seen by its active officials, by staff whose scope covers the village and by
admins. Any official of the village drafts it while it is a draft or returned; only its managers
(Kepala Desa, Sekretaris Desa) submit. Review follows the kabupaten's chain: in one step, staff
covering the village approve or return a submitted report; in two steps, kecamatan staff verify (or
return) it and only then kabupaten staff (DPMD, or a province role) approve (or return) it; kecamatan
staff never approve, kabupaten staff never act before the verification. An approved report is frozen
for everyone. Dashboards: staff over regions they cover, a village's own
officials over their village.
"""

from django.db.models import Q
from django.http import Http404

from regions.models import enclosing_codes
from reports.models import ActivityReport, ReportAttachment, ReviewChain
from villages.roles import covers_village, is_member_of, is_village_manager, roles

Status = ActivityReport.Status
# Staff roles bound to a kecamatan (or below) verify; those bound to a kabupaten or province approve.
KECAMATAN_DEPTH = 3


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
        for code in r.staff_codes:
            q |= within_code_q(code, f"{field}__region__code")
    return q


def within_code_q(code, field="village__region__code"):
    """Rows whose village (reached through `field`, its region code) lies in the region with this
    code, as a range of codes: the code's index finds the region's villages in code order, then
    their reports through the report's village index, and a query that stops early (the pager's
    window) reads only as many as it needs. A village's own code matches only a village code."""
    q = Q(**{f"{field}__gte": code + ".", f"{field}__lt": code + "/"})
    if code.count(".") >= 3:
        q |= Q(**{field: code})
    return q


def can_see_report(user, report):
    return is_member_of(user, report.village) or covers_village(user, report.village)


def can_edit_report(user, report):
    return report.is_editable and is_member_of(user, report.village)


def can_submit_report(user, report):
    return report.is_editable and is_village_manager(user, report.village)


def _covering_depths(user, village):
    """The depths (2 = kabupaten, 3 = kecamatan) of the user's staff roles that cover the village."""
    r = roles(user)
    codes = set(r.staff_codes) & set(enclosing_codes(village.region.code))
    return {code.count(".") + 1 for code in codes}


def is_kecamatan_reviewer(user, village):
    return roles(user).is_admin or any(d >= KECAMATAN_DEPTH for d in _covering_depths(user, village))


def is_kabupaten_reviewer(user, village):
    return roles(user).is_admin or any(d < KECAMATAN_DEPTH for d in _covering_depths(user, village))


def can_verify_report(user, report):
    """Two-step chain, first step: kecamatan staff verify a submitted report."""
    return report.status == Status.SUBMITTED and report.is_two_step and is_kecamatan_reviewer(user, report.village)


def can_approve_report(user, report):
    """One step: staff covering the village approve a submitted report. Two steps: kabupaten staff
    approve a verified one."""
    if report.is_two_step:
        return report.status == Status.VERIFIED and is_kabupaten_reviewer(user, report.village)
    # A report verified before its kabupaten went back to one step is still approved in one step.
    return report.status in ActivityReport.WAITING_STATUSES and covers_village(user, report.village)


def can_return_report(user, report):
    """Whoever may move the report on at its present step may send it back to the village instead."""
    return can_verify_report(user, report) or can_approve_report(user, report)


def can_review_report(user, report):
    return can_return_report(user, report)


def waiting_for_me_q(user, field=""):
    """Reports at the review step this user acts on, as a Q over ActivityReport (or through `field`):
    kecamatan staff, the submitted ones; kabupaten staff, the verified ones and, in a one-step chain,
    the submitted ones."""
    r = roles(user)
    prefix = f"{field}__" if field else ""
    submitted = Q(**{f"{prefix}status": Status.SUBMITTED})
    verified = Q(**{f"{prefix}status": Status.VERIFIED})
    chain = f"{prefix}village__region__parent__parent__reporting_schedule__review_chain"
    one_step = Q(**{chain: ReviewChain.ONE_STEP}) | Q(**{f"{chain}__isnull": True})
    if r.is_admin:
        return submitted | verified
    q = Q(pk__in=[])
    code_field = f"{prefix}village__region__code"
    for code in r.staff_codes:
        within = Q(**{code_field: code}) | Q(**{f"{code_field}__startswith": code + "."})
        if code.count(".") + 1 >= KECAMATAN_DEPTH:
            q |= within & submitted
        else:
            q |= within & ((submitted & one_step) | verified)
    return q


def reviews_reports(user):
    """District staff and admins review reports; their list puts those waiting for review first."""
    r = roles(user)
    return r.is_staff_member or r.is_admin


def can_start_report(user, village):
    return is_member_of(user, village)


def can_set_reporting_schedule(user, kabupaten):
    """Frequency, due days and the review chain: kabupaten (or province) staff in scope, admins."""
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
        ActivityReport.objects.select_related("village__region__parent__parent__reporting_schedule", "created_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_see_report(user, report) or (rule and not rule(user, report)):
        raise Http404
    return report


def get_report_attachment_or_404(user, pk):
    attachment = ReportAttachment.objects.select_related("report__village__region").filter(pk=pk).first()
    if attachment is None or not can_see_report(user, attachment.report):
        raise Http404
    return attachment
