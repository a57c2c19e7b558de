"""Quick polls in a network's forum: one question, two to ten choices, one vote per person, closing
at a set time."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_CHOICES = 2
MAX_CHOICES = 10


class Poll(models.Model):
    network = models.ForeignKey(
        "forums.Network", on_delete=models.CASCADE, related_name="polls", verbose_name=_("jaringan")
    )
    question = models.CharField(_("pertanyaan"), max_length=300)
    closes_at = models.DateTimeField(_("ditutup"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("pembuat")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jajak pendapat")
        verbose_name_plural = _("jajak pendapat")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "-created_at"], name="poll_network_recent")]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("forums:poll_detail", args=[self.pk])

    def is_open(self, now=None):
        return (now or timezone.now()) < self.closes_at


class PollChoice(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("pilihan"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pilihan jajak pendapat")
        verbose_name_plural = _("pilihan jajak pendapat")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suara jajak pendapat")
        verbose_name_plural = _("suara jajak pendapat")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_vote_per_poll_member")]

    def __str__(self):
        return f"{self.user_id} → {self.choice_id}"
