"""Quick polls in a network's forum: starting one and voting (one vote per person, while open)."""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from forums.models import Poll, PollChoice, PollVote


class VoteRefused(Exception):
    pass


@transaction.atomic
def start_poll(network, user, question, choices, closes_at):
    poll = Poll.objects.create(network=network, question=question, closes_at=closes_at, created_by=user)
    PollChoice.objects.bulk_create([PollChoice(poll=poll, text=text, order=i) for i, text in enumerate(choices)])
    return poll


def vote(poll, user, choice_id, now=None):
    """The user's one vote; VoteRefused when the poll has closed, the choice is not the poll's or
    the user already voted (the unique constraint decides a race)."""
    if not poll.is_open(now or timezone.now()):
        raise VoteRefused
    choice = poll.choices.filter(pk=choice_id).first()
    if choice is None:
        raise VoteRefused
    try:
        with transaction.atomic():
            return PollVote.objects.create(poll=poll, choice=choice, user=user)
    except IntegrityError:
        raise VoteRefused from None


def results(poll):
    """The choices in order with their vote counts and share of the votes, and the total."""
    choices = list(poll.choices.annotate(vote_count=Count("votes")).order_by("order", "pk"))
    total = sum(c.vote_count for c in choices)
    for c in choices:
        c.percent = round(100 * c.vote_count / total) if total else 0
    return choices, total
