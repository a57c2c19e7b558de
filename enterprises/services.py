"""Changes to potentials, enterprises, their support and programmes, and "Hubungi desa".

Who may do what is decided in enterprises.rules; these functions assume the caller asked.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, EnterpriseMessage, Programme
from enterprises.rules import can_manage_village_economy, visible_enterprises_q
from forums.models import NetworkMembership
from knowledge.models import Adoption
from meetings.models import Meeting
from notifications.models import NotificationKind
from notifications.services import notify
from villages.roles import roles, village_managers

# "Hubungi desa": how many messages one user may send in an hour, and to one enterprise in a day.
CONTACT_PER_HOUR = 5
CONTACT_PER_ENTERPRISE_PER_DAY = 2


class ContactRefused(Exception):
    pass


@transaction.atomic
def save_potential(potential):
    potential.save()
    return potential


@transaction.atomic
def delete_potential(potential):
    potential.delete()


@transaction.atomic
def save_enterprise(enterprise, user):
    if enterprise.pk is None:
        enterprise.created_by = user
    enterprise.save()
    return enterprise


@transaction.atomic
def add_support(enterprise, support):
    support.enterprise = enterprise
    support.save()
    return support


def contact_village(enterprise, user, text, *, now=None):
    """Send a message about an enterprise to its village's managers, in the portal and by their
    notification settings; the sender never learns an address. Refused past the rate limits."""
    now = now or timezone.now()
    with transaction.atomic():
        sent = EnterpriseMessage.objects.filter(sender=user)
        if sent.filter(created_at__gte=now - timedelta(hours=1)).count() >= CONTACT_PER_HOUR:
            raise ContactRefused(_("Anda sudah mengirim banyak pesan dalam satu jam terakhir. Coba lagi nanti."))
        recent = sent.filter(enterprise=enterprise, created_at__gte=now - timedelta(days=1)).count()
        if recent >= CONTACT_PER_ENTERPRISE_PER_DAY:
            raise ContactRefused(_("Anda sudah menghubungi desa ini tentang usaha ini hari ini. Tunggu balasannya."))
        official = roles(user).official
        message = EnterpriseMessage.objects.create(
            enterprise=enterprise,
            sender=user,
            sender_village=official.village if official else None,
            text=text,
        )
        notify(
            village_managers([enterprise.village_id]),
            kind=NotificationKind.COOPERATION,
            key=f"enterprise-message:{message.pk}",
            template="enterprises/emails/contact",
            context={"enterprise": enterprise, "message": message, "actor": user},
            url=reverse("enterprises:enterprise_detail", args=[enterprise.pk]),
            exclude=user,
        )
    return message


@transaction.atomic
def save_programme(programme, user, *, trainings=None, enterprises=None, practices=None):
    if programme.pk is None:
        programme.created_by = user
    programme.save()
    for relation, values in (("trainings", trainings), ("enterprises", enterprises), ("practices", practices)):
        if values is not None:
            getattr(programme, relation).set(values)
    return programme


def held_trainings(programme):
    """The programme's trainings and workshops that were not cancelled, oldest first."""
    return (
        programme.trainings.exclude(status=Meeting.Status.CANCELLED)
        .select_related("host_village__region", "host_region")
        .annotate(attendees=Count("registrations", filter=Q(registrations__attended=True)))
        .order_by("starts_at", "pk")
    )


def programme_figures(programme):
    """What the programme page and the village page show, in a fixed handful of queries."""
    trainings = programme.trainings.exclude(status=Meeting.Status.CANCELLED)
    enterprises = programme.enterprises.aggregate(count=Count("pk"), workers=Sum("workers"))
    practice_ids = list(programme.practices.values_list("pk", flat=True))
    adoptions = Adoption.objects.filter(practice_id__in=practice_ids).exclude(village_id=F("practice__village_id"))
    return {
        "trainings": trainings.count(),
        "attendees": trainings.filter(registrations__attended=True).count(),
        "enterprises": enterprises["count"] or 0,
        "workers": enterprises["workers"] or 0,
        "practices": len(practice_ids),
        "adoptions": adoptions.count(),
        "adopting_villages": adoptions.values("village_id").distinct().count(),
    }


def programmes_of(village):
    """The village's own programmes and those of the networks it belongs to, newest first."""
    networks = NetworkMembership.objects.filter(village=village, state=NetworkMembership.State.ACTIVE).values(
        "network_id"
    )
    return (
        Programme.objects.filter(Q(village=village) | Q(network_id__in=networks))
        .select_related("village__region", "network")
        .annotate(
            training_count=Count("trainings", distinct=True), enterprise_count=Count("enterprises", distinct=True)
        )
        .order_by("-starts_on", "-pk")
    )


def practices_with_adoptions(programme):
    """The programme's practices, each with `adoptions_elsewhere`: villages other than its own that
    applied it."""
    return (
        programme.practices.select_related("village__region")
        .annotate(adoptions_elsewhere=Count("adoptions", filter=~Q(adoptions__village_id=F("village_id"))))
        .order_by("title", "pk")
    )


def village_panel(request, village):
    """The village page's section: a few potentials, enterprises and programmes (fixed queries)."""
    programmes = list(programmes_of(village)[:3]) if request.user.is_authenticated else []
    return {
        "potentials": list(village.economic_potentials.order_by("sector", "name", "pk")[:10]),
        "enterprises": list(
            Enterprise.objects.filter(visible_enterprises_q(request.user), village=village).order_by("name", "pk")[:8]
        ),
        "programmes": programmes,
        "can_manage": can_manage_village_economy(request.user, village),
    }
