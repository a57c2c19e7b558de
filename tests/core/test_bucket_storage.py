"""With MEDIA_BUCKET set, uploads live in an S3-compatible bucket every node shares, and still
leave only through the site's own views (moto stands in for the bucket)."""

import io

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws
from PIL import Image

from core.storage import bucket_storages
from knowledge.models import Document
from tests.factories import OfficialFactory, UserFactory, VillageFactory
from villages.models import Position

pytestmark = pytest.mark.django_db

BUCKET = "forumdesa-uji"
PDF = b"%PDF-1.4\n% laporan\n"


@pytest.fixture
def bucket(settings, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "uji")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **bucket_storages(BUCKET, region_name="us-east-1"),
            "staticfiles": settings.STORAGES["staticfiles"],
        }
        yield s3


def keys(s3):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_an_attachment_goes_to_the_private_prefix_and_out_through_the_checked_view(bucket, client, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "tidak-dipakai")
    document = Document.from_upload(SimpleUploadedFile("sop.html", PDF), title="SOP", category="sop", year=2026)
    document.save()
    stored = keys(bucket)
    assert stored == [f"private/{document.file.name}"]
    assert "." not in document.file.name.rsplit("/", 1)[-1]
    assert not (tmp_path / "tidak-dipakai").exists()  # nothing on this node's disk
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018
    url = reverse("knowledge:document_download", args=[document.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_village_logo_goes_to_the_media_prefix_and_is_served_by_the_site(bucket, client, serang):
    village = VillageFactory(region=serang)
    manager = OfficialFactory(village=village, position=Position.objects.get(code="SEKDES")).user
    picture = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 120, 60)).save(picture, format="PNG")
    client.force_login(manager)
    edit = client.get(reverse("villages:village_edit", args=[village.code]))
    form = edit.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "logo"}
    data = {k: "\n".join(v) if isinstance(v, list) else v for k, v in data.items()}
    response = client.post(
        reverse("villages:village_edit", args=[village.code]),
        {**data, "logo": SimpleUploadedFile("logo.png", picture.getvalue())},
    )
    assert response.status_code == 302
    village.refresh_from_db()
    assert keys(bucket) == [f"media/{village.logo.name}"]
    # The page links the picture at the site's own address, not the bucket's.
    assert village.logo.url == f"/media/{village.logo.name}"
    page = client.get(reverse("villages:village_detail", args=[village.code])).content.decode()
    assert village.logo.url in page
    client.logout()
    served = client.get(village.logo.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/desa/logo/tidak-ada.jpg").status_code == 404
