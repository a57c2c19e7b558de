"""Quick polls in a network's forum: the list, starting one, voting and the results.

Only the network's people (forums.rules.can_read_network) see its polls; anyone else gets 404.
Results show once the user has voted or the poll has closed, so early votes do not steer later ones.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forums import polls as services
from forums.forms.polls import PollForm, VoteForm
from forums.models import Poll, PollVote
from forums.rules import can_read_network, can_vote, get_network_or_404, get_poll_or_404

PAGE_SIZE = 20


@login_required
def poll_list(request, slug):
    network = get_network_or_404(request.user, slug, rule=can_read_network)
    mine = PollVote.objects.filter(poll=OuterRef("pk"), user=request.user)
    polls = (
        Poll.objects.filter(network=network)
        .select_related("created_by")
        .annotate(vote_count=Count("votes"), voted=Exists(mine))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(polls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forums/polls/poll_list.html", {"network": network, "page": page, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def poll_create(request, slug):
    network = get_network_or_404(request.user, slug, rule=can_read_network)
    form = PollForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        poll = services.start_poll(network, request.user, data["question"], data["choices"], data["closes_at"])
        messages.success(request, _("Jajak pendapat dibuka."))
        return redirect(poll)
    return render(request, "forums/polls/poll_form.html", {"network": network, "form": form})


def _render_detail(request, poll, form=None, status=200):
    my_vote = PollVote.objects.filter(poll=poll, user=request.user).select_related("choice").first()
    is_open = poll.is_open()
    show_results = my_vote is not None or not is_open
    choices, total = services.results(poll)
    if form is None and my_vote is None and can_vote(request.user, poll):
        form = VoteForm(choices=choices)
    return render(
        request,
        "forums/polls/poll_detail.html",
        {
            "poll": poll,
            "network": poll.network,
            "my_vote": my_vote,
            "is_open": is_open,
            "show_results": show_results,
            "choices": choices if show_results else (),
            "total": total,
            "form": form if my_vote is None and is_open else None,
        },
        status=status,
    )


@login_required
def poll_detail(request, pk):
    return _render_detail(request, get_poll_or_404(request.user, pk))


@login_required
@require_POST
def poll_vote(request, pk):
    poll = get_poll_or_404(request.user, pk)
    form = VoteForm(request.POST, choices=poll.choices.all())
    if not form.is_valid():
        return _render_detail(request, poll, form=form, status=400)
    try:
        services.vote(poll, request.user, form.cleaned_data["choice"])
    except services.VoteRefused:
        messages.error(
            request, _("Suara Anda tidak dapat dicatat: jajak pendapat sudah ditutup atau Anda sudah memilih.")
        )
    else:
        messages.success(request, _("Terima kasih, pilihan Anda tercatat."))
    return redirect(poll)
