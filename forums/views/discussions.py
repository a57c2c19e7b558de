"""Discussions in a network: thread list, thread page with replies, editing, moderation, reports,
watching, and attachment downloads.

Every view loads the network or thread through forums.rules; a user who may not read
gets 404, so a thread's existence is not disclosed. Uploads pass through UploadSizeLimit before the
CSRF middleware reads the body, hence the csrf_exempt wrapper around a csrf_protect'ed view.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from core.images import UploadSizeLimit
from core.uploads import MAX_ATTACHMENT_BYTES, serve_attachment
from forums.discussions import (
    THREAD_ACTIONS,
    add_reply,
    edit_post,
    mark_read,
    moderate_post,
    moderate_thread,
    resolve_post_report,
    set_watch,
    start_thread,
)
from forums.forms.discussions import OpeningEditForm, PostEditForm, ReplyForm, ReportForm, ThreadForm
from forums.models import PostAttachment, PostReport, Thread, ThreadReader
from forums.rules import (
    can_edit_post,
    can_moderate,
    can_read_network,
    can_reply,
    get_network_or_404,
    get_post_attachment_or_404,
    get_post_or_404,
    get_post_report_or_404,
    get_thread_or_404,
    is_network_coordinator,
)

PAGE_SIZE = 20


def _with_upload_limit(view):
    """Drop oversized files while they stream in, before anything (CSRF included) reads the body."""

    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        limit = UploadSizeLimit(request, limit=MAX_ATTACHMENT_BYTES)
        request.upload_handlers.insert(0, limit)
        request._upload_limit = limit
        return protected(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


def _dropped(request):
    limit = getattr(request, "_upload_limit", None)
    return limit.too_large if limit else ()


def _files(request):
    return request.FILES.getlist("attachments") if request.method == "POST" else None


@login_required
def thread_list(request, slug):
    network = get_network_or_404(request.user, slug, rule=can_read_network)
    threads = Thread.objects.filter(network=network).with_last_read(request.user).select_related("author")
    coordinator = is_network_coordinator(request.user, network)
    if not coordinator:
        threads = threads.filter(is_hidden=False)
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:100]
    if query:
        threads = threads.filter(title__icontains=query)
    page = Paginator(threads.order_by("-is_pinned", "-last_post_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for thread in page:
        thread.unread = thread.is_unread(thread.last_read_at)
    return render(
        request,
        "forums/discussions/thread_list.html",
        {
            "network": network,
            "page": page,
            "query": query,
            "query_string": f"q={query}" if query else "",
            "is_coordinator": coordinator,
        },
    )


@login_required
@_with_upload_limit
@require_http_methods(["GET", "POST"])
def thread_create(request, slug):
    network = get_network_or_404(request.user, slug, rule=can_read_network)
    form = ThreadForm(request.POST or None, request.FILES or None, dropped=_dropped(request))
    if request.method == "POST" and form.is_valid():
        thread = start_thread(
            network,
            request.user,
            form.cleaned_data["title"],
            form.cleaned_data["body"],
            form.cleaned_data["attachments"],
        )
        messages.success(request, _("Diskusi dimulai."))
        return redirect(thread)
    return render(request, "forums/discussions/thread_form.html", {"network": network, "form": form})


def _posts(thread, coordinator):
    posts = thread.posts.select_related("author", "author_village__region").prefetch_related(
        Prefetch("attachments", queryset=PostAttachment.objects.order_by("pk"))
    )
    if coordinator:
        posts = posts.annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
    return posts.order_by("created_at", "pk")


@login_required
@_with_upload_limit
@require_http_methods(["GET", "POST"])
def thread_detail(request, pk):
    thread = get_thread_or_404(request.user, pk)
    coordinator = is_network_coordinator(request.user, thread.network)
    reply_allowed = can_reply(request.user, thread)
    form = ReplyForm(request.POST or None, request.FILES or None, dropped=_dropped(request)) if reply_allowed else None
    if request.method == "POST":
        if not reply_allowed:
            messages.error(request, _("Diskusi ini dikunci; balasan tidak bisa dikirim."))
            return redirect(thread)
        if form.is_valid():
            post = add_reply(thread, request.user, form.cleaned_data["body"], form.cleaned_data["attachments"])
            messages.success(request, _("Balasan terkirim."))
            count = thread.posts.count()
            last_page = (count - 1) // PAGE_SIZE + 1
            return redirect(f"{thread.get_absolute_url()}?page={last_page}#post-{post.pk}")
    reader = ThreadReader.objects.filter(thread=thread, user=request.user).first()
    page = Paginator(_posts(thread, coordinator), PAGE_SIZE).get_page(request.GET.get("page"))
    last_read_at = reader.last_read_at if reader else None
    for post in page:
        post.is_new = last_read_at is not None and post.created_at > last_read_at and post.author_id != request.user.pk
        post.editable = post.author_id == request.user.pk and reply_allowed and not post.is_hidden
    if request.method == "GET":
        mark_read(thread, request.user)
    return render(
        request,
        "forums/discussions/thread_detail.html",
        {
            "network": thread.network,
            "thread": thread,
            "page": page,
            "form": form,
            "is_coordinator": coordinator,
            "watch": reader.watch if reader else ThreadReader.Watch.NONE,
            "Watch": ThreadReader.Watch,
        },
    )


@login_required
@require_POST
def thread_watch(request, pk):
    thread = get_thread_or_404(request.user, pk)
    watch = request.POST.get("watch", "")
    if watch not in ThreadReader.Watch.values:
        raise Http404
    set_watch(thread, request.user, watch)
    notices = {
        ThreadReader.Watch.WATCHING: _("Anda memantau diskusi ini: balasan baru akan diberitahukan."),
        ThreadReader.Watch.MUTED: _("Diskusi ini dibisukan: Anda tidak diberi tahu balasan baru."),
        ThreadReader.Watch.NONE: _("Anda tidak lagi memantau diskusi ini."),
    }
    messages.success(request, notices[watch])
    return redirect(thread)


@login_required
@require_POST
def thread_moderate(request, pk):
    thread = get_thread_or_404(request.user, pk, rule=can_moderate)
    action = request.POST.get("action")
    if action not in THREAD_ACTIONS:
        raise Http404
    moderate_thread(thread, request.user, action)
    messages.success(request, _("Diskusi diperbarui."))
    return redirect(thread)


@login_required
@_with_upload_limit
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = get_post_or_404(request.user, pk, rule=can_edit_post)
    form_class = OpeningEditForm if post.is_opening else PostEditForm
    initial = {"body": post.body, "title": post.thread.title}
    form = form_class(request.POST or None, request.FILES or None, initial=initial, dropped=_dropped(request))
    if request.method == "POST" and form.is_valid():
        edit_post(post, form.cleaned_data["body"], form.cleaned_data.get("title"), form.cleaned_data["attachments"])
        messages.success(request, _("Pesan diperbarui."))
        return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")
    return render(
        request, "forums/discussions/post_edit.html", {"network": post.thread.network, "post": post, "form": form}
    )


@login_required
@require_POST
def post_moderate(request, pk):
    post = get_post_or_404(request.user, pk, rule=lambda user, post: can_moderate(user, post.thread))
    hide = request.POST.get("action") == "hide"
    moderate_post(post, request.user, hide=hide)
    messages.success(request, _("Pesan disembunyikan.") if hide else _("Pesan ditampilkan lagi."))
    return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def post_report(request, pk):
    post = get_post_or_404(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _report, created = PostReport.objects.get_or_create(
            post=post, reporter=request.user, resolved_at=None, defaults={"reason": form.cleaned_data["reason"]}
        )
        messages.success(
            request,
            _("Terima kasih. Laporan Anda diteruskan ke koordinator.")
            if created
            else _("Anda sudah melaporkan pesan ini; koordinator sedang meninjaunya."),
        )
        return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")
    return render(
        request, "forums/discussions/post_report.html", {"network": post.thread.network, "post": post, "form": form}
    )


@login_required
def report_queue(request, slug):
    network = get_network_or_404(request.user, slug, rule=is_network_coordinator)
    reports = (
        PostReport.objects.filter(post__thread__network=network, resolved_at__isnull=True)
        .select_related("post__thread", "post__author", "reporter")
        .order_by("created_at", "pk")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forums/discussions/report_queue.html", {"network": network, "page": page})


@login_required
@require_POST
def report_resolve(request, pk):
    report = get_post_report_or_404(request.user, pk)
    network = report.post.thread.network
    resolve_post_report(report, request.user)
    messages.success(request, _("Laporan ditandai selesai."))
    return redirect("forums:report_queue", slug=network.slug)


@login_required
def attachment_download(request, pk):
    attachment = get_post_attachment_or_404(request.user, pk)
    return serve_attachment(attachment)
