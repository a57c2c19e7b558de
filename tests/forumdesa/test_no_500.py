"""No input gives a 500: hostile query parameters on the list and search pages, hostile form data on
the main forms, each sent by someone allowed to use the page (on SQLite and on PostgreSQL, where NUL
bytes and over-long integers are refused by the database itself).

Each form's fields are read from the page itself, so a new field is fuzzed without touching this file.
"""

import os
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cooperation import services as cooperation_services
from cooperation.models import Agreement, AgreementParty, StaffExchange
from forums.discussions import start_thread
from forums.models import Network, NetworkMembership
from forums.polls import start_poll
from meetings.models import Meeting, RegistrationQuestion
from regions.models import Region
from reports import services as report_services
from reports.models import ActivityReport
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
from villages.models import Official, Position

pytestmark = pytest.mark.django_db

settings.register_profile(
    "no-500",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# CI may ask for a lighter run: HYPOTHESIS_PROFILE=ci.
# The CI profile is derandomized: every run tries the same examples, so a run that passed here passes there.
settings.register_profile("ci", parent=settings.get_profile("no-500"), max_examples=15, derandomize=True)
FUZZ = settings.get_profile("ci" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "no-500")

FRAGMENTS = [
    "' OR 1=1 --",
    "'; DROP TABLE accounts_user; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "%00",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "{{ 7*7 }}",
    '=HYPERLINK("http://evil.test")',
    "\u202e\u200b\ufeff",
    "𝕯𝖊𝖘𝖆 🏞️",
]
NUMBERS = ["-1", "0", "1e309", "NaN", "inf", "99999999999999999999999999", "-9223372036854775809", "0x1F", "1.5"]
DATES = [
    "2026-13-45",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "31/12/2026",
    "2026-01-01T25:61",
    "-0001-01-01",
]
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),
    st.sampled_from(FRAGMENTS + NUMBERS + DATES),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(min_size=1, max_size=4).map(lambda s: s * 2500),
)
# Query parameters the list and search pages read without a form on the page.
COMMON_KEYS = ["q", "page", "wilayah", "desa", "jenis", "tingkat", "tampil", "status", "tahun", "periode", "next"]


class FormFields(HTMLParser):
    """The fields of every <form> on a page: method, action and [(name, type, [candidate values])]."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "", "fields": {}}
            )
        if not self.forms or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._select.append(attrs.get("value", ""))
            return
        fields = self.forms[-1]["fields"]
        name = attrs["name"]
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select = fields.setdefault(name, [])
        elif tag == "textarea":
            fields.setdefault(name, []).append("Isi yang wajar")
        elif tag == "option" and self._select is not None:
            self._select.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


_FIELDS = {}


def page_form(client, url, method, action=None):
    """The fields of the page's main form for the method (the one with the most fields), read once."""
    action = action or url
    if (url, method, action) in _FIELDS:
        return _FIELDS[url, method, action]
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = FormFields()
    parser.feed(response.content.decode())
    forms = [
        f for f in parser.forms if f["method"] == method and f["action"] in ({"", url} if action == url else {action})
    ]
    fields = max(forms, key=lambda f: len(f["fields"]))["fields"] if forms else {}
    fields.pop("csrfmiddlewaretoken", None)
    _FIELDS[url, method, action] = fields
    return fields


def draw_form(data, fields, extra_keys=()):
    """Each field keeps a value the page offers or gets a hostile one; some extra keys may be added."""
    drawn = {}
    for name, candidates in fields.items():
        choices = [st.sampled_from(candidates)] if any(candidates) else []
        drawn[name] = data.draw(st.one_of(*choices, HOSTILE) if choices else HOSTILE, label=name)
    for key in extra_keys:
        if data.draw(st.booleans(), label=f"with {key}"):
            drawn[key] = data.draw(HOSTILE, label=key)
    return drawn


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture
def world(regions):
    """Desa Serang and Desa Caruy in the Cipari forum, with a thread, a training, a meeting held
    last week, a draft and a running agreement between them and a staff exchange Caruy decides on."""
    _FIELDS.clear()  # the forms offer this world's rows
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    VillageFactory(region=region("33.02.01.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    staf = OfficialFactory(village=serang).user
    caruy_sekdes = OfficialFactory(village=caruy, position=Position.objects.get(code="SEKDES")).user
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")
    for village in (serang, caruy):
        NetworkMembership.objects.get_or_create(
            network=network, village=village, defaults={"state": NetworkMembership.State.ACTIVE}
        )
    thread = start_thread(network, sekdes, "Pengelolaan BUMDes", "Bagaimana pengalaman desa lain?", [])
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        title="Pelatihan Siskeudes",
        host_region=region("33.01.18"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula Kecamatan Cipari",
        created_by=camat,
        audience_kind=Meeting.Audience.NETWORK,
        audience_network=network,
    )
    meeting.organisers.add(camat)
    for order, (text, kind, options) in enumerate(
        [("Ukuran kaos", "choice", "S\nM\nL"), ("Materi", "multiple", "APBDes\nBUMDes"), ("Catatan", "text", "")]
    ):
        RegistrationQuestion.objects.create(
            meeting=meeting, text=text, kind=kind, options=options, required=order == 0, order=order
        )
    poll = start_poll(network, camat, "Kapan rapat BUMDes?", ["Senin", "Rabu"], timezone.now() + timedelta(days=2))
    held = Meeting.objects.create(
        title="Rapat koordinasi BUMDes",
        host_village=serang,
        starts_at=start - timedelta(days=10),
        ends_at=start - timedelta(days=10, hours=-2),
        place="Balai Desa Serang",
        created_by=sekdes,
        audience_kind=Meeting.Audience.NETWORK,
        audience_network=network,
    )
    held.organisers.add(sekdes)
    (_last, (current, _end)), _schedule = report_services.open_periods(serang)
    draft, running = (agreement(serang, caruy, sekdes, title) for title in ("Bank sampah bersama", "Pasar desa"))
    cooperation_services.propose(running, sekdes)
    cooperation_services.confirm(running.parties.get(village=caruy), caruy_sekdes)
    exchange = StaffExchange(
        visitor=Official.objects.get(user=staf),
        home_village=serang,
        host_village=caruy,
        starts_on=start.date() + timedelta(days=14),
        ends_on=start.date() + timedelta(days=16),
        learning_goals="Belajar pembukuan BUMDes.",
    )
    cooperation_services.request_exchange(exchange, sekdes)
    return {
        "serang": serang,
        "sekdes": sekdes,
        "staf": staf,
        "caruy_sekdes": caruy_sekdes,
        "camat": camat,
        "newcomer": UserFactory(),
        "network": network,
        "thread": thread,
        "meeting": meeting,
        "poll": poll,
        "held_meeting": held,
        "period": current,
        "draft_agreement": draft,
        "agreement": running,
        "exchange": exchange,
    }


def agreement(lead, partner, manager, title):
    agreement = Agreement(
        title=title,
        field=Agreement.Field.JOINT_VENTURE,
        scope="Kerja sama dua desa.",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=365),
    )
    cooperation_services.start_agreement(agreement, manager, lead)
    AgreementParty.objects.create(agreement=agreement, village=partner)
    return agreement


def draft_report(client, world):
    client.force_login(world["staf"])
    client.post(reverse("reports:start"), {"period": world["period"].isoformat()})
    return ActivityReport.objects.get(village=world["serang"])


def submitted_report(client, world):
    """The report waiting for review (again, when an earlier example approved or returned it)."""
    report = draft_report(client, world)
    if report.status == ActivityReport.Status.DRAFT:
        report_services.submit_report(report, actor=world["staf"])
    ActivityReport.objects.filter(pk=report.pk).update(status=ActivityReport.Status.SUBMITTED)
    return report


# (who signs in, how to build the URL from the world)
LISTS = {
    "practice_list": ("sekdes", lambda w: reverse("knowledge:practice_list")),
    "document_list": ("sekdes", lambda w: reverse("knowledge:document_list")),
    "meeting_list": ("sekdes", lambda w: reverse("meetings:list")),
    "village_directory": (None, lambda w: reverse("villages:village_directory")),
    "official_directory": ("sekdes", lambda w: reverse("villages:official_directory")),
    "place_lookup": ("sekdes", lambda w: reverse("villages:lookup")),
    "report_list": ("camat", lambda w: reverse("reports:list")),
    "report_export": ("camat", lambda w: reverse("reports:export", args=["csv"])),
    "region_dashboard": ("camat", lambda w: reverse("reports:region_dashboard", args=["33.01.18"])),
    "thread_list": ("sekdes", lambda w: reverse("forums:thread_list", args=[w["network"].slug])),
    "network_list": ("sekdes", lambda w: reverse("forums:network_list")),
    "region_list": (None, lambda w: reverse("regions:region_list")),
    "region_search": (None, lambda w: reverse("regions:region_search")),
    "region_detail": (None, lambda w: reverse("regions:region_detail", args=["33.01"])),
    "agreement_list": ("sekdes", lambda w: reverse("cooperation:agreement_list")),
    "exchange_list": ("sekdes", lambda w: reverse("cooperation:exchange_list")),
    "resource_list": ("sekdes", lambda w: reverse("cooperation:resource_list")),
}


# Pages that are not themselves a page with a search form: the parameters they read.
NO_FORM = {
    "place_lookup": {"jenis": ["desa", "wilayah"], "q": ["Ser"]},
    "report_export": {"wilayah": ["33.01.18"], "status": ["submitted"]},
}


@pytest.mark.parametrize("page", LISTS)
@FUZZ
@given(data=st.data())
def test_list_and_search_pages_never_answer_500(client, world, page, data):
    who, url = LISTS[page]
    if who:
        client.force_login(world[who])
    url = url(world)
    fields = NO_FORM.get(page) or page_form(client, url, "get")
    params = draw_form(data, fields, COMMON_KEYS)
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)


# (who signs in, how to build the URL from the world and the signed-in client)
FORMS = {
    "meeting_create": ("camat", lambda c, w: reverse("meetings:create")),
    "meeting_edit": ("camat", lambda c, w: reverse("meetings:edit", args=[w["meeting"].pk])),
    "report_edit": ("staf", lambda c, w: reverse("reports:edit", args=[draft_report(c, w).pk])),
    "practice_create": ("sekdes", lambda c, w: reverse("knowledge:practice_create")),
    "thread_create": ("sekdes", lambda c, w: reverse("forums:thread_create", args=[w["network"].slug])),
    "reply": ("sekdes", lambda c, w: reverse("forums:thread_detail", args=[w["thread"].pk])),
    "profile": ("sekdes", lambda c, w: reverse("accounts:profile")),
    "exchange_create": ("sekdes", lambda c, w: reverse("cooperation:exchange_create")),
    "exchange_decide": ("caruy_sekdes", lambda c, w: reverse("cooperation:exchange_decide", args=[w["exchange"].pk])),
    "join_village": ("newcomer", lambda c, w: reverse("villages:join_village") + "?q=Serang"),
    "village_edit": ("sekdes", lambda c, w: reverse("villages:village_edit", args=[w["serang"].region.code])),
    "network_create": ("sekdes", lambda c, w: reverse("forums:network_create")),
    "network_edit": ("sekdes", lambda c, w: network_edit_url(w)),
    "agreement_create": ("sekdes", lambda c, w: reverse("cooperation:agreement_create")),
    "agreement_edit": ("sekdes", lambda c, w: reverse("cooperation:agreement_edit", args=[w["draft_agreement"].pk])),
    "party_add": ("sekdes", lambda c, w: reverse("cooperation:party_add", args=[w["draft_agreement"].pk])),
    "funding_add": ("sekdes", lambda c, w: reverse("cooperation:funding_add", args=[w["draft_agreement"].pk])),
    "milestone_add": ("sekdes", lambda c, w: reverse("cooperation:milestone_add", args=[w["agreement"].pk])),
    "agreement_update": ("sekdes", lambda c, w: reverse("cooperation:update_add", args=[w["agreement"].pk])),
    "agreement_terminate": (
        "sekdes",
        lambda c, w: reverse("cooperation:agreement_terminate", args=[w["agreement"].pk]),
    ),
    "resource_create": ("sekdes", lambda c, w: reverse("cooperation:resource_create")),
    "minutes": ("sekdes", lambda c, w: reverse("meetings:minutes", args=[w["held_meeting"].pk])),
    "action_item_add": ("sekdes", lambda c, w: reverse("meetings:action_item_add", args=[w["held_meeting"].pk])),
    "report_review": ("camat", lambda c, w: reverse("reports:review", args=[submitted_report(c, w).pk])),
    "registration_question": ("camat", lambda c, w: reverse("meetings:questions", args=[w["meeting"].pk])),
    "registration_answers": ("sekdes", lambda c, w: reverse("meetings:register", args=[w["meeting"].pk])),
    "poll_create": ("sekdes", lambda c, w: reverse("forums:poll_create", args=[w["network"].slug])),
    "poll_vote": ("sekdes", lambda c, w: reverse("forums:poll_vote", args=[w["poll"].pk])),
}


def network_edit_url(world):
    from forums.networks import create_thematic_network

    network = Network.objects.filter(name="Forum BUMDes").first() or create_thematic_network(
        world["sekdes"], name="Forum BUMDes", description="Berbagi pengalaman."
    )
    return reverse("forums:network_edit", args=[network.slug])


def agreement_page(key):
    return lambda w: reverse("cooperation:agreement_detail", args=[w[key].pk])


# Forms shown on another page than the one they post to (meeting registration takes no input).
FORM_SHOWN_ON = {
    "exchange_decide": lambda w: reverse("cooperation:exchange_detail", args=[w["exchange"].pk]),
    "party_add": agreement_page("draft_agreement"),
    "funding_add": agreement_page("draft_agreement"),
    "milestone_add": agreement_page("agreement"),
    "agreement_update": agreement_page("agreement"),
    "action_item_add": lambda w: reverse("meetings:minutes", args=[w["held_meeting"].pk]),
    "report_review": lambda w: reverse("reports:detail", args=[ActivityReport.objects.get(village=w["serang"]).pk]),
    "poll_vote": lambda w: w["poll"].get_absolute_url(),
}


@pytest.mark.parametrize("form", FORMS)
@FUZZ
@given(data=st.data())
def test_main_forms_never_answer_500(client, world, form, data):
    who, url = FORMS[form]
    client.force_login(world[who])
    url = url(client, world)
    client.force_login(world[who])
    shown_on = FORM_SHOWN_ON.get(form)
    fields = page_form(client, shown_on(world) if shown_on else url, "post", action=url)
    assert fields, f"no form found on {url}"
    payload = draw_form(data, fields)
    response = client.post(url, payload)
    assert response.status_code < 500, (url, payload)


@FUZZ
@given(data=st.data())
def test_sign_up_never_answers_500(client, regions, data):
    url = reverse("account_signup")
    payload = draw_form(data, page_form(client, url, "post"))
    assert client.post(url, payload).status_code < 500, payload


def test_the_forms_are_found(client, world):
    """The fuzzing reaches real forms: each page offers a form with its fields to the signed-in user."""
    client.force_login(world["camat"])
    assert {"title", "place"} <= set(page_form(client, reverse("meetings:create"), "post"))
    client.force_login(world["sekdes"])
    assert "body" in page_form(client, reverse("forums:thread_detail", args=[world["thread"].pk]), "post")
    assert "q" in page_form(client, reverse("knowledge:practice_list"), "get")


@FUZZ
@given(key=st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), HOSTILE))
@example(key="9223372036854775808")  # one past a bigint: was an OverflowError (SQLite) / DataError, a 500
@example(key="-9223372036854775809")
def test_out_of_range_choice_keys_are_refused_choices(client, world, key):
    """A practice's topics, SDGs and meetings are picked by key; a key no table can hold is no choice."""
    client.force_login(world["sekdes"])
    for field in ("topics", "sdgs", "meetings"):
        response = client.post(reverse("knowledge:practice_create"), {"title": "Bank sampah", field: key})
        assert response.status_code == 200  # the form again, with its errors
        assert response.context["form"].errors


@FUZZ
@given(q=HOSTILE)
@example(q="\x00")  # NUL in the search text: was a DataError on PostgreSQL, a 500
@example(q="0\x00")
def test_name_searches_take_any_text(client, world, q):
    client.force_login(world["sekdes"])
    assert client.get(reverse("villages:official_directory"), {"q": q}).status_code == 200
    assert client.get(reverse("villages:lookup"), {"jenis": "desa", "q": q}).status_code == 200
    assert client.get(reverse("regions:region_search"), {"q": q}).status_code == 200


# (who, the form's URL, the choice field, other fields the form needs)
CHOICE_KEYS = {
    "join_village": ("newcomer", lambda w: reverse("villages:join_village"), "region", {"q": "Serang"}),
    "resource_create": (
        "sekdes",
        lambda w: reverse("cooperation:resource_create"),
        "region",
        {"title": "Pinjam tenda"},
    ),
    "exchange_create": ("sekdes", lambda w: reverse("cooperation:exchange_create"), "visitor", {}),
    "funding_add": (
        "sekdes",
        lambda w: reverse("cooperation:funding_add", args=[w["draft_agreement"].pk]),
        "party",
        {"source": "APBDes", "amount": "1000000"},
    ),
    "exchange_decide": (
        "caruy_sekdes",
        lambda w: reverse("cooperation:exchange_decide", args=[w["exchange"].pk]),
        "mentor",
        {"decision": "accept"},
    ),
}


@pytest.mark.parametrize("form", CHOICE_KEYS)
@pytest.mark.parametrize("key", ["9223372036854775808", "-9223372036854775809", "\x00", "1\x00", "33.01.18.2006\x00"])
def test_keys_no_database_can_look_up_are_refused_choices(client, world, form, key):
    """A key beyond a bigint or with a NUL byte: the form again, with the choice refused in Indonesian."""
    who, url, field, data = CHOICE_KEYS[form]
    client.force_login(world[who])
    response = client.post(url(world), {**data, field: key})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and "pilih" in errors[0].lower()  # "Masukkan pilihan yang valid …", "… pilih dari daftar"
    assert errors[0] in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")


@pytest.mark.parametrize("code", ["\x00", "33.01.18.2006\x00"])
def test_join_page_takes_a_nul_in_the_chosen_village(client, world, code):
    """The join page offers the village chosen by link (?wilayah=) or in the form; NUL was a 500 on PostgreSQL."""
    client.force_login(world["newcomer"])
    url = reverse("villages:join_village")
    assert client.get(url, {"q": "Serang", "wilayah": code}).status_code == 200
    assert client.post(url, {"q": "Serang", "region": code}).status_code == 200
