"""Meeting pages. Visibility and management rights come from meetings.rules; a meeting a user may
not see is a 404.
"""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exports import export_response
from core.querysets import IdsThenRows
from core.uploads import serve_attachment
from notifications.services import absolute_url

from . import rules, services
from .forms import (
    ActionItemForm,
    AttendanceForm,
    EvaluationForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    QuestionForm,
    RegistrationAnswersForm,
    ReminderPreferenceForm,
)
from .models import (
    ActionItem,
    Evaluation,
    Meeting,
    Minutes,
    MinutesAttachment,
    Registration,
    ReminderPreference,
)

PAGE_SIZE = 20


@login_required
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None, user=request.user)
    # Only the networks this user belongs to or coordinates: the whole country's would be hundreds.
    form.fields["jaringan"].queryset = rules.filter_networks(request.user)
    # Each valid filter applies even when another one (a place name that fits several) waits for a choice.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    meetings = Meeting.objects.filter(rules.visible_meetings_q(request.user))
    past = data.get("waktu") == "lalu"
    meetings = meetings.past() if past else meetings.upcoming()
    if data.get("jenis"):
        meetings = meetings.filter(kind=data["jenis"])
    if data.get("jaringan"):
        meetings = meetings.filter(audience_network=data["jaringan"])
    if data.get("wilayah"):
        code = data["wilayah"].code
        meetings = meetings.filter(
            Q(host_village__region__code=code)
            | Q(host_village__region__code__startswith=code + ".")
            | Q(host_region__code=code)
            | Q(host_region__code__startswith=code + ".")
        )
    mine = Registration.objects.filter(meeting=OuterRef("pk"), user=request.user).active()
    rows = Meeting.objects.for_list().annotate(is_registered=Exists(mine))
    # The page's ids first, then its rows: see core.querysets.IdsThenRows.
    page = Paginator(IdsThenRows(meetings, rows), PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "meetings/list.html",
        {
            "page": page,
            "form": form,
            "past": past,
            "query_string": urlencode(query),
            "viewer_tz": services.viewer_timezone(request.user),
            "can_create": rules.can_create_meeting(request.user),
        },
    )


@login_required
def meeting_create(request):
    if not rules.can_create_meeting(request.user):
        raise Http404
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values, villages = form.meeting_data()
        network = values.get("audience_network")
        if network is not None and not rules.can_invite_network(request.user, network):
            form.add_error("audience_network", _("Anda bukan koordinator jaringan ini."))
        else:
            meeting = services.create_meeting(
                user=request.user,
                data=values,
                villages=villages,
                repeat=form.cleaned_data.get("repeat") or "",
                repeat_count=form.cleaned_data.get("repeat_count") or 1,
            )
            messages.success(request, _("Rapat sudah dijadwalkan."))
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "creating": True})


@login_required
def meeting_edit(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    if not meeting.is_scheduled:
        raise Http404
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        values, villages = form.meeting_data()
        network = values.get("audience_network")
        if (
            network is not None
            and network.pk != meeting.audience_network_id
            and not rules.can_invite_network(request.user, network)
        ):
            form.add_error("audience_network", _("Anda bukan koordinator jaringan ini."))
        else:
            services.update_meeting(
                meeting,
                data=values,
                villages=villages,
                actor=request.user,
                scope=form.cleaned_data.get("scope") or "this",
            )
            messages.success(request, _("Perubahan sudah disimpan."))
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting, "creating": False})


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    if services.cancel_meeting(meeting, request.user):
        messages.success(request, _("Rapat dibatalkan; peserta yang terdaftar sudah diberi tahu."))
    return redirect(meeting)


@login_required
def meeting_detail(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk)
    user = request.user
    my_registration = meeting.registrations.active().filter(user=user).first()
    counts = {
        "registered": meeting.registrations.registered().count(),
        "waitlisted": meeting.registrations.waitlisted().count(),
    }
    minutes = Minutes.objects.filter(meeting=meeting).prefetch_related("attachments").first()
    items = meeting.action_items.select_related("assignee_user", "assignee_village__region")
    can_manage = rules.can_manage_meeting(user, meeting)
    question_count = meeting.questions.count()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "my_registration": my_registration,
            "counts": counts,
            "minutes": minutes,
            "action_items": items,
            "can_manage": can_manage,
            "can_register": rules.can_register_for_meeting(user, meeting),
            "question_count": question_count,
            "can_edit_answers": bool(question_count and my_registration and meeting.registration_open()),
            "can_evaluate": rules.evaluating_registration(user, meeting) is not None,
            "viewer_tz": services.viewer_timezone(user),
            "whatsapp_text": services.whatsapp_text(meeting, request),
            "can_update_items": {i.pk for i in items if rules.can_update_action_item(user, i)},
            "presented_practices": meeting.practices.filter(status="published").select_related("village__region"),
            "invited_villages": (
                meeting.audience_villages.select_related("region__parent").order_by("region__name")
                if meeting.audience_kind == Meeting.Audience.VILLAGES
                else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    """Without questions a POST registers at once; with them, the form asks them first."""
    meeting = rules.get_meeting_or_404(request.user, pk)
    questions = list(meeting.questions.all())
    if not rules.can_register_for_meeting(request.user, meeting):
        messages.error(request, _("Pendaftaran untuk rapat ini tidak dibuka bagi Anda."))
        return redirect(meeting)
    form = RegistrationAnswersForm(request.POST or None, questions=questions)
    if request.method == "GET" or (questions and not form.is_valid()):
        if not questions:
            return redirect(meeting)
        return render(
            request, "meetings/register.html", {"meeting": meeting, "form": form, "editing": False}, status=200
        )
    try:
        registration = services.register(meeting, request.user, answers=form.answers() if questions else None)
    except services.RegistrationClosed:
        messages.error(request, _("Pendaftaran untuk rapat ini tidak dibuka bagi Anda."))
        return redirect(meeting)
    if registration.status == Registration.Status.WAITLISTED:
        messages.info(request, _("Kursi sudah penuh; Anda masuk daftar tunggu dan akan diberi tahu bila ada kursi."))
    else:
        messages.success(request, _("Anda terdaftar. Pengingat akan dikirim sebelum rapat dimulai."))
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def answers_edit(request, pk):
    """A registrant changes their answers while registration is open."""
    meeting = rules.get_meeting_or_404(request.user, pk)
    if not rules.can_answer_questions(request.user, meeting):
        raise Http404
    registration = meeting.registrations.active().get(user=request.user)
    questions = list(meeting.questions.all())
    if not questions:
        raise Http404
    form = RegistrationAnswersForm(
        request.POST or None, questions=questions, answers=registration.answers.select_related("question")
    )
    if request.method == "POST" and form.is_valid():
        services.save_answers(registration, form.answers())
        messages.success(request, _("Jawaban Anda disimpan."))
        return redirect(meeting)
    return render(request, "meetings/register.html", {"meeting": meeting, "form": form, "editing": True})


@login_required
@require_POST
def unregister(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk)
    services.cancel_registration(meeting, request.user)
    messages.success(request, _("Pendaftaran Anda dibatalkan."))
    return redirect(meeting)


def _registration_rows(meeting):
    return (
        meeting.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user", "village__region__parent")
        .prefetch_related("answers")
        .order_by("status", "created_at", "pk")
    )


def _answers_in_order(registration, questions):
    """The registration's answers lined up with the questions ("" for one not answered)."""
    by_question = {a.question_id: a.display() for a in registration.answers.all()}
    return [by_question.get(q.pk, "") for q in questions]


@login_required
def registrations(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    questions = list(meeting.questions.all())
    page = Paginator(_registration_rows(meeting), PAGE_SIZE).get_page(request.GET.get("page"))
    for reg in page:
        reg.answer_rows = [
            (q.text, answer) for q, answer in zip(questions, _answers_in_order(reg, questions), strict=True) if answer
        ]
    return render(request, "meetings/registrations.html", {"meeting": meeting, "page": page, "questions": questions})


EXPORT_HEADER = ["Nama", "Jabatan", "Desa", "Kecamatan", "Status", "Hadir", "Mendaftar (UTC)"]


def _export_rows(meeting, questions):
    for reg in _registration_rows(meeting).iterator(chunk_size=500):
        yield [
            reg.user.full_name or reg.user.email,
            reg.position_name,
            reg.village.region.name,
            reg.village.region.parent.name,
            reg.get_status_display(),
            _("ya") if reg.attended else _("tidak"),
            reg.created_at.strftime("%Y-%m-%d %H:%M"),
            *_answers_in_order(reg, questions),
        ]


@login_required
def registrations_export(request, pk, fmt):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    questions = list(meeting.questions.all())
    header = EXPORT_HEADER + [q.text for q in questions]
    return export_response(
        fmt,
        f"pendaftar-rapat-{meeting.pk}",
        header,
        _export_rows(meeting, questions),
        sheet_title="Pendaftar",
        request=request,
        about=meeting,
        region_code=meeting.host_village.region.code if meeting.host_village_id else meeting.host_region.code,
    )


# ---- Registration questions ----


@login_required
@require_http_methods(["GET", "POST"])
def questions(request, pk):
    """The organisers' list of registration questions, with the form to add one."""
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_edit_questions)
    items = list(meeting.questions.all())
    next_order = (max((q.order for q in items), default=0) + 1) if items else 1
    form = QuestionForm(request.POST or None, initial={"order": next_order})
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.meeting = meeting
        services.save_question(question)
        messages.success(request, _("Pertanyaan ditambahkan."))
        return redirect("meetings:questions", pk=meeting.pk)
    return render(request, "meetings/questions.html", {"meeting": meeting, "questions": items, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = rules.get_question_or_404(request.user, pk)
    meeting = question.meeting
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.save_question(form.save(commit=False))
        messages.success(request, _("Pertanyaan disimpan."))
        return redirect("meetings:questions", pk=meeting.pk)
    return render(request, "meetings/question_form.html", {"meeting": meeting, "question": question, "form": form})


@login_required
@require_POST
def question_delete(request, pk):
    question = rules.get_question_or_404(request.user, pk)
    meeting_pk = question.meeting_id
    services.delete_question(question)
    messages.success(request, _("Pertanyaan dihapus bersama jawabannya."))
    return redirect("meetings:questions", pk=meeting_pk)


# ---- Evaluation ----


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, pk):
    """The attendee's evaluation of a training or workshop that has ended (one each, correctable)."""
    meeting = rules.get_meeting_or_404(request.user, pk)
    registration = rules.evaluating_registration(request.user, meeting)
    if registration is None:
        raise Http404
    evaluation = Evaluation.objects.filter(registration=registration).select_related("practice").first()
    practices = meeting.practices.filter(status="published").order_by("title")
    form = EvaluationForm(request.POST or None, instance=evaluation, practices=practices)
    if request.method == "POST" and form.is_valid():
        services.submit_evaluation(
            registration,
            usefulness=form.cleaned_data["usefulness"],
            will_apply=form.cleaned_data["will_apply"],
            practice=form.cleaned_data.get("practice"),
        )
        messages.success(request, _("Terima kasih, evaluasi Anda tersimpan."))
        return redirect("meetings:evaluate", pk=meeting.pk)
    adopted = can_adopt = False
    if evaluation is not None and evaluation.practice_id:
        practice = evaluation.practice
        adopted = practice.adoptions.filter(village_id=registration.village_id).exists()
        can_adopt = not adopted and practice.status == "published" and practice.village_id != registration.village_id
    return render(
        request,
        "meetings/evaluate.html",
        {
            "meeting": meeting,
            "form": form,
            "evaluation": evaluation,
            "registration": registration,
            "has_practices": practices.exists(),
            "adopted": adopted,
            "can_adopt": can_adopt,
        },
    )


def _with_adoption_state(evaluations):
    """Marks each evaluation whose practice the attendee's village has already recorded as adopted."""
    recorded = Evaluation.objects.filter(
        pk=OuterRef("pk"), practice__adoptions__village_id=OuterRef("registration__village_id")
    )
    return evaluations.annotate(adopted=Exists(recorded))


@login_required
def evaluation_summary(request, pk):
    """For the organisers: how many answered, the mean and distribution, and what each will apply."""
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_see_evaluations)
    evaluations = _with_adoption_state(
        meeting.evaluations.select_related("registration__user", "registration__village__region", "practice")
    ).order_by("-created_at", "-pk")
    page = Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/evaluation_summary.html",
        {"meeting": meeting, "summary": services.evaluation_summary(meeting), "page": page},
    )


@login_required
def attendance(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    rows = list(
        meeting.registrations.registered().select_related("user", "village__region").order_by("user__full_name")
    )
    form = AttendanceForm(
        request.POST or None,
        registrations=rows,
        initial={"present": [str(r.pk) for r in rows if r.attended]},
    )
    if request.method == "POST" and form.is_valid():
        services.mark_attendance(meeting, [int(x) for x in form.cleaned_data["present"]])
        messages.success(request, _("Daftar hadir disimpan."))
        return redirect("meetings:attendance", pk=meeting.pk)
    url = services.checkin_url(meeting, request)
    qr = segno.make(url, error="m").svg_inline(scale=5, dark="#1b4332")
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "form": form,
            "checkin_url": url,
            "qr_svg": mark_safe(qr),  # noqa: S308  segno's own SVG of our own URL
            "by_village": meeting.attendance_by_village(),
        },
    )


@login_required
def checkin(request, pk, token):
    meeting = rules.get_meeting_or_404(request.user, pk)
    if not services.checkin_token_valid(meeting, token):
        return render(request, "meetings/checkin.html", {"meeting": meeting, "ok": False}, status=400)
    registration = None
    refusal = services.checkin_refusal(meeting, request.user)
    if request.method == "POST" and not refusal:
        try:
            registration = services.check_in(meeting, request.user)
        except services.CheckinRefused as refused:
            refusal = refused.message
    context = {"meeting": meeting, "ok": True, "registration": registration, "refusal": refusal}
    return render(request, "meetings/checkin.html", context, status=403 if refusal else 200)


@login_required
def minutes_edit(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Http404
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting, defaults={"written_by": request.user})
    form = MinutesForm(request.POST or None, request.FILES or None, instance=minutes)
    item_form = ActionItemForm(prefix="item", meeting=meeting)
    if request.method == "POST" and form.is_valid():
        minutes = form.save(commit=False)
        minutes.written_by = request.user
        minutes.save()
        upload = form.cleaned_data.get("attachment")
        if upload:
            MinutesAttachment.from_upload(upload, minutes=minutes, uploaded_by=request.user).save()
        if "close" in request.POST:
            services.close_minutes(minutes)
            messages.success(request, _("Notulen ditutup; rapat ditandai selesai."))
            return redirect(meeting)
        messages.success(request, _("Notulen disimpan."))
        return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "item_form": item_form,
            "attachments": minutes.attachments.all(),
            "action_items": meeting.action_items.select_related("assignee_user", "assignee_village__region"),
        },
    )


@login_required
def action_item_add(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk, rule=rules.can_manage_meeting)
    form = ActionItemForm(request.POST or None, prefix="item", meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.add_action_item(
            meeting,
            what=form.cleaned_data["what"],
            due_date=form.cleaned_data["due_date"],
            actor=request.user,
            **form.cleaned_data["assignee"],
        )
        messages.success(request, _("Tindak lanjut ditambahkan; penanggung jawab sudah diberi tahu."))
        return redirect("meetings:minutes", pk=meeting.pk)
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting, defaults={"written_by": request.user})
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": MinutesForm(instance=minutes),
            "item_form": form,
            "attachments": minutes.attachments.all(),
            "action_items": meeting.action_items.select_related("assignee_user", "assignee_village__region"),
        },
    )


@login_required
@require_POST
def action_item_status(request, pk):
    item = rules.get_action_item_or_404(request.user, pk)
    new = request.POST.get("status")
    if new in ActionItem.Status.values:
        ActionItem.objects.filter(pk=item.pk).update(status=new)
    return redirect(item.meeting.get_absolute_url() + "#tindak-lanjut")


@login_required
def attachment_download(request, pk):
    return serve_attachment(rules.get_minutes_attachment_or_404(request.user, pk))


def _ics_response(payload, filename):
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request, pk):
    meeting = rules.get_meeting_or_404(request.user, pk)
    return _ics_response(services.calendar_for([meeting], request=request), f"rapat-{meeting.pk}.ics")


def calendar_feed(request, token):
    """The private feed calendar apps poll, without a session: the token is the key."""
    pref = get_object_or_404(ReminderPreference.objects.select_related("user"), feed_token=token)
    if not pref.user.is_active:
        raise Http404
    response = _ics_response(services.calendar_for(services.feed_meetings(pref.user), request=request), "forumdesa.ics")
    response["Content-Disposition"] = 'inline; filename="forumdesa.ics"'
    return response


@login_required
def preferences(request):
    pref, _created = ReminderPreference.objects.get_or_create(
        user=request.user, defaults={"lead_minutes": ReminderPreference.leads_for(request.user)}
    )
    form = ReminderPreferenceForm(request.POST or None, initial={"leads": pref.lead_minutes})
    if request.method == "POST":
        if "revoke" in request.POST:
            pref.revoke_feed()
            messages.success(request, _("Tautan kalender lama tidak berlaku lagi; gunakan tautan baru di bawah."))
            return redirect("meetings:preferences")
        if form.is_valid():
            pref.lead_minutes = sorted(set(form.cleaned_data["leads"]), reverse=True)
            pref.save(update_fields=["lead_minutes"])
            services.reset_reminders_for(request.user)
            messages.success(request, _("Pengaturan pengingat disimpan."))
            return redirect("meetings:preferences")
    return render(
        request,
        "meetings/preferences.html",
        {"form": form, "feed_url": absolute_url(reverse("meetings:calendar_feed", args=[pref.feed_token]), request)},
    )


@login_required
def my_action_items(request):
    items = services.open_action_items_for(request.user)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/action_items.html", {"page": page, "today": timezone.localdate()})
