"""knowledge.rules' get_…_or_404: an outsider gets the same 404 for an existing object as for a missing one."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import rules
from knowledge.models import Adoption, Document, Practice, PracticeAttachment
from tests.factories import UserFactory
from tests.knowledge.library import practice
from tests.lookups import assert_hidden, missing_pk

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("panduan.pdf", b"%PDF-1.4 isi", content_type="application/pdf")


def test_practice(serang_village, sekdes, kades_caruy):
    draft = practice(serang_village, sekdes, status=Practice.Status.DRAFT)
    published = practice(serang_village, sekdes)
    assert rules.get_practice_or_404(sekdes, draft.pk, rule=rules.can_submit_practice) == draft
    assert_hidden(rules.get_practice_or_404, kades_caruy, draft.pk, missing_pk(Practice))
    assert rules.get_practice_or_404(kades_caruy, published.pk, rule=rules.can_adopt_practice) == published
    # Its own village reads it but does not adopt it.
    assert_hidden(rules.get_practice_or_404, sekdes, published.pk, missing_pk(Practice), rule=rules.can_adopt_practice)


def test_practice_attachment(serang_village, sekdes, kades_caruy):
    draft = practice(serang_village, sekdes, status=Practice.Status.DRAFT)
    attachment = PracticeAttachment.from_upload(pdf(), practice=draft, uploaded_by=sekdes)
    attachment.save()
    assert rules.get_practice_attachment_or_404(sekdes, attachment.pk) == attachment
    assert_hidden(rules.get_practice_attachment_or_404, kades_caruy, attachment.pk, missing_pk(PracticeAttachment))


def test_adoption(serang_village, caruy_village, sekdes, kades_caruy, outsider):
    adoption = Adoption.objects.create(
        practice=practice(serang_village, sekdes),
        village=caruy_village,
        adopted_on=date(2026, 3, 1),
        changes="Keripik pisang, bukan singkong",
        recorded_by=kades_caruy,
    )
    assert rules.get_adoption_or_404(kades_caruy, adoption.pk) == adoption
    for other in (sekdes, outsider):
        assert_hidden(rules.get_adoption_or_404, other, adoption.pk, missing_pk(Adoption))


def test_document(sekdes, kades_caruy):
    document = Document.from_upload(pdf(), title="Contoh Perdes APBDes", category=Document.Category.PERDES, year=2026)
    document.uploaded_by = sekdes
    document.save()
    assert rules.get_document_or_404(kades_caruy, document.pk) == document
    assert_hidden(rules.get_document_or_404, AnonymousUser(), document.pk, missing_pk(Document))
    assert rules.get_document_or_404(sekdes, document.pk, rule=rules.can_delete_document) == document
    assert_hidden(
        rules.get_document_or_404, UserFactory(), document.pk, missing_pk(Document), rule=rules.can_delete_document
    )
