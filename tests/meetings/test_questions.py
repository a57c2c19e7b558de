"""Registration questions: the organisers write them, registration asks them, registrants correct
their answers while registration is open, and the organisers see and download them."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings import services
from meetings.models import RegistrationAnswer, RegistrationQuestion
from tests.factories import PASSWORD, OfficialFactory, VillageFactory, region

from .conftest import position

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def questions(training):
    return [
        RegistrationQuestion.objects.create(
            meeting=training, text="Ukuran kaos", kind="choice", options="S\nM\nL", required=True, order=1
        ),
        RegistrationQuestion.objects.create(
            meeting=training, text="Materi yang diminati", kind="multiple", options="APBDes\nBUMDes\nSiskeudes", order=2
        ),
        RegistrationQuestion.objects.create(meeting=training, text="Pantangan makanan", kind="text", order=3),
    ]


def field(question):
    return f"q{question.pk}"


# ---- The organisers write the questions ----


def test_organiser_adds_questions_in_order(client, training, camat):
    login(client, camat)
    url = reverse("meetings:questions", args=[training.pk])
    response = client.post(
        url, {"text": "Ukuran kaos", "kind": "choice", "options": "S\n M \n\nL", "required": "on", "order": "2"}
    )
    assert response.status_code == 302
    client.post(url, {"text": "Nomor WhatsApp", "kind": "text", "options": "diabaikan", "order": "1"})
    first, second = training.questions.all()
    assert (first.text, first.kind, first.options) == ("Nomor WhatsApp", "text", "")
    assert (second.option_list(), second.required) == (["S", "M", "L"], True)
    html = client.get(url).content.decode()
    assert html.index("Nomor WhatsApp") < html.index("Ukuran kaos")
    assert "S, M, L" in html


def test_a_choice_question_needs_two_options_and_keeps_what_was_typed(client, training, camat):
    login(client, camat)
    response = client.post(
        reverse("meetings:questions", args=[training.pk]),
        {"text": "Ukuran kaos", "kind": "choice", "options": "Hanya satu", "order": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tulis paling sedikit dua pilihan, satu per baris." in html
    assert "Hanya satu" in html and 'value="Ukuran kaos"' in html
    assert not training.questions.exists()


def test_organiser_edits_and_deletes_a_question_with_its_answers(client, training, camat, sekdes, questions):
    registration = services.register(training, sekdes, answers={questions[0]: "M"})
    login(client, camat)
    client.post(
        reverse("meetings:question_edit", args=[questions[0].pk]),
        {"text": "Ukuran baju", "kind": "choice", "options": "M\nL\nXL", "required": "on", "order": "1"},
    )
    questions[0].refresh_from_db()
    assert questions[0].text == "Ukuran baju"
    client.post(reverse("meetings:question_delete", args=[questions[0].pk]))
    assert not RegistrationQuestion.objects.filter(pk=questions[0].pk).exists()
    assert not registration.answers.exists()


def test_only_organisers_reach_the_questions(client, training, sekdes, outsider, questions):
    for user in (sekdes, outsider):
        client.force_login(user)
        assert client.get(reverse("meetings:questions", args=[training.pk])).status_code == 404
        assert client.get(reverse("meetings:question_edit", args=[questions[0].pk])).status_code == 404
        assert client.post(reverse("meetings:question_delete", args=[questions[0].pk])).status_code == 404
    assert RegistrationQuestion.objects.count() == 3


# ---- Registration asks them ----


def test_registration_asks_the_questions_and_keeps_the_answers(client, training, sekdes, questions):
    login(client, sekdes)
    detail = client.get(training.get_absolute_url()).content.decode()
    assert f'href="{reverse("meetings:register", args=[training.pk])}"' in detail  # a link to the form, not a POST
    form_page = client.get(reverse("meetings:register", args=[training.pk])).content.decode()
    assert "Ukuran kaos" in form_page and "Materi yang diminati" in form_page and "Boleh dikosongkan." in form_page
    response = client.post(
        reverse("meetings:register", args=[training.pk]),
        {field(questions[0]): "L", field(questions[1]): ["APBDes", "Siskeudes"], field(questions[2]): " Vegetarian "},
    )
    assert response.status_code == 302
    registration = training.registrations.get(user=sekdes)
    answers = {a.question_id: a.display() for a in registration.answers.all()}
    assert answers == {questions[0].pk: "L", questions[1].pk: "APBDes, Siskeudes", questions[2].pk: "Vegetarian"}


def test_bad_answers_redisplay_in_indonesian_and_register_nobody(client, training, sekdes, questions):
    login(client, sekdes)
    response = client.post(
        reverse("meetings:register", args=[training.pk]),
        {field(questions[1]): ["BUMDes", "Sulap"], field(questions[2]): "Tidak makan udang"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pertanyaan ini wajib dijawab." in html
    assert "Pilih salah satu pilihan yang tersedia." in html
    assert "Tidak makan udang" in html
    assert not training.registrations.exists()


def test_without_questions_the_button_registers_at_once(client, training, sekdes):
    login(client, sekdes)
    assert client.post(reverse("meetings:register", args=[training.pk])).status_code == 302
    assert training.registrations.get().user == sekdes


def test_answers_are_editable_while_registration_is_open(client, training, sekdes, questions):
    services.register(training, sekdes, answers={questions[0]: "S", questions[2]: "Tidak ada"})
    login(client, sekdes)
    url = reverse("meetings:answers", args=[training.pk])
    page = client.get(url).content.decode()
    checked = [tag for tag in re.findall(r"<input[^>]*>", page) if "checked" in tag]
    assert len(checked) == 1 and 'value="S"' in checked[0]
    assert "Tidak ada" in page
    client.post(url, {field(questions[0]): "M", field(questions[2]): ""})
    registration = training.registrations.get()
    assert {a.question_id: a.display() for a in registration.answers.all()} == {questions[0].pk: "M"}
    training.registration_deadline = timezone.now() - timezone.timedelta(minutes=1)
    training.save()
    assert client.get(url).status_code == 404
    assert client.post(url, {field(questions[0]): "L"}).status_code == 404
    assert RegistrationAnswer.objects.get().selected == ["M"]


def test_an_optional_one_choice_answer_can_be_withdrawn(client, training, sekdes, questions):
    questions[0].required = False
    questions[0].save()
    services.register(training, sekdes, answers={questions[0]: "S"})
    client.force_login(sekdes)
    url = reverse("meetings:answers", args=[training.pk])
    assert "Tidak menjawab" in client.get(url).content.decode()
    client.post(url, {field(questions[0]): ""})
    assert not RegistrationAnswer.objects.exists()


def test_someone_not_registered_cannot_answer(client, training, kades, questions):
    client.force_login(kades)
    assert client.get(reverse("meetings:answers", args=[training.pk])).status_code == 404


# ---- The organisers see and download them ----


def test_registrations_page_shows_the_answers(client, training, camat, sekdes, questions):
    services.register(training, sekdes, answers={questions[0]: "M", questions[1]: ["BUMDes"]})
    login(client, camat)
    html = client.get(reverse("meetings:registrations", args=[training.pk])).content.decode()
    assert "Ukuran kaos" in html and ">M<" in html and "BUMDes" in html


def test_registrations_page_query_count_is_fixed(client, training, camat, questions, django_assert_max_num_queries):
    login(client, camat)
    for n in (3, 25):
        while training.registrations.count() < n:
            village = VillageFactory(region=region("33.01.18.2001"))
            user = OfficialFactory(village=village, position=position("SEKDES")).user
            services.register(training, user, answers={questions[0]: "L", questions[2]: "Tidak ada"})
        with django_assert_max_num_queries(13):
            response = client.get(reverse("meetings:registrations", args=[training.pk]))
        assert response.content.decode().count("registration-answers") == min(n, 20)


def test_export_has_one_column_per_question_and_neutralises_formulas(client, training, camat, sekdes, questions):
    services.register(
        training, sekdes, answers={questions[0]: "S", questions[1]: ["APBDes", "BUMDes"], questions[2]: "=1+1"}
    )
    login(client, camat)
    body = client.get(reverse("meetings:registrations_export", args=[training.pk, "csv"])).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    assert header[-3:] == ["Ukuran kaos", "Materi yang diminati", "Pantangan makanan"]
    assert row[-3:] == ["S", "APBDes, BUMDes", "'=1+1"]
    response = client.get(reverse("meetings:registrations_export", args=[training.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][-3:] == ["Ukuran kaos", "Materi yang diminati", "Pantangan makanan"]
    assert [c.value for c in sheet[2]][-1] == "'=1+1"
