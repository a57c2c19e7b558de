"""Every cooperation event has its own mail pair, and each renders in Indonesian and in English."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from cooperation.models import Agreement, AgreementParty, Milestone, ResourceMessage, ResourcePost, StaffExchange
from tests.factories import VillageFactory, region
from villages.models import Official

AGREEMENT_EVENTS = ["proposed", "confirmed", "activated", "completed", "terminated"]
REMINDER_EVENTS = ["milestone_due", "agreement_expiry"]
EXCHANGE_EVENTS = [f"exchange_{step}" for step in ("requested", "accepted", "declined", "cancelled", "reported")]
EVENTS = [*AGREEMENT_EVENTS, *REMINDER_EVENTS, *EXCHANGE_EVENTS, "resource_message"]
# Language, greeting, the line with the link.
LANGUAGES = [("id", "Halo Bambang", "Buka di ForumDesa:"), ("en", "Hello Bambang", "Open in ForumDesa:")]
TITLE = "Usaha mikro bersama & pemasaran"


@pytest.fixture
def context(regions):
    serang = VillageFactory(region=region("33.01.18.2006"))
    cirahab = VillageFactory(region=region("33.02.01.2001"))
    agreement = Agreement(title=TITLE, lead_village=serang, starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    visitor = Official(user=User(full_name="Dewi Lestari"), village=serang)
    post = ResourcePost(title="Traktor tangan", village=cirahab)
    return {
        "recipient": User(full_name="Bambang Sutrisno"),
        "actor": User(full_name="Siti Rahayu"),
        "url": "https://forumdesa.example/kerja-sama/1/",
        "agreement": agreement,
        "party": AgreementParty(agreement=agreement, village=cirahab),
        "reason": "Dana desa dialihkan.",
        "milestone": Milestone(agreement=agreement, title="Pelatihan pemasaran", due_on=date(2026, 6, 1), progress=40),
        "exchange": StaffExchange(
            visitor=visitor,
            home_village=serang,
            host_village=cirahab,
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 6),
            decision_note="Pendamping: Pak Darto.",
        ),
        "post": post,
        "message": ResourceMessage(post=post, text="Kami bisa meminjamkan dua unit.", sender_village=serang),
    }


def render(event, context, language):
    with translation.override(language):
        subject = render_to_string(f"cooperation/emails/{event}_subject.txt", context)
        body = render_to_string(f"cooperation/emails/{event}_body.txt", context)
    return subject.strip(), body


@pytest.mark.parametrize("event", EVENTS)
def test_each_event_renders_its_own_pair_in_both_languages(event, context):
    subjects = {}
    for language, greeting, footer in LANGUAGES:
        subject, body = render(event, context, language)
        assert subject and "\n" not in subject, (language, subject)
        assert body.startswith(greeting) and f"{footer} {context['url']}" in body
        # Mails are plain text: the ampersand in the title is not escaped.
        if event in AGREEMENT_EVENTS or event in REMINDER_EVENTS:
            assert f'"{TITLE}"' in body
        elif event in EXCHANGE_EVENTS:
            assert "Dewi Lestari" in body and "Desa Cirahab" in body and "Pendamping: Pak Darto." in body
        else:
            assert "Traktor tangan" in subject and "Kami bisa meminjamkan dua unit." in body
        subjects[language] = subject
    # The English catalogue still knows every string (the msgids did not change in the split).
    assert subjects["id"] != subjects["en"]


def test_the_reason_of_a_termination_and_the_signer_are_in_the_mail(context):
    _subject, body = render("terminated", context, "id")
    assert "Alasan: Dana desa dialihkan." in body and "Oleh: Siti Rahayu" in body
    _subject, body = render("resource_message", context, "id")
    assert "Siti Rahayu menulis tentang pos Anda (Desa Serang)" in body and "Oleh:" not in body
