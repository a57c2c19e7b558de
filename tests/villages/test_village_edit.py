import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import StaffRole
from core import images
from regions.models import Region
from tests.factories import OfficialFactory, UserFactory, VillageFactory
from villages.forms.villages import VillageProfileForm
from villages.models import Position, Village


def position(code):
    return Position.objects.get(code=code)


def staff(region_code):
    user = UserFactory()
    StaffRole.objects.create(user=user, region=Region.objects.get(code=region_code), title="Staf wilayah")
    return user


@pytest.fixture
def village(serang):
    return VillageFactory(region=serang, description="Profil lama.")


@pytest.fixture
def manager(village):
    return OfficialFactory(village=village, position=position("SEKDES")).user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def url(village):
    return reverse("villages:village_edit", args=[village.code])


def profile(**changes):
    data = {
        "description": "Desa Serang di Kecamatan Cipari.",
        "office_address": "Jl. Raya Serang No. 1",
        "phone": "0280 123456",
        "email": "pemdes@serang.desa.id",
    }
    data.update(changes)
    return data


def image_file(name="foto.png", size=(2000, 1000), fmt="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 120, 40, 128)[: len(mode)]).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def stored_files(media):
    return [p for p in Path(media).rglob("*") if p.is_file()]


# ---- Who may edit -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, village):
    for method in (client.get, client.post):
        response = method(url(village))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("code", ["KADES", "SEKDES"])
def test_managers_of_the_village_can_edit(client, village, code):
    client.force_login(OfficialFactory(village=village, position=position(code)).user)
    assert client.get(url(village)).status_code == 200
    response = client.post(url(village), profile())
    assert response.status_code == 302
    assert response.url == reverse("villages:village_detail", args=[village.code])
    village.refresh_from_db()
    assert village.description == "Desa Serang di Kecamatan Cipari."
    assert village.phone == "0280 123456" and village.email == "pemdes@serang.desa.id"


def test_other_officials_of_the_village_get_404(client, village):
    client.force_login(OfficialFactory(village=village, position=position("KAUR_KEU")).user)
    assert client.get(url(village)).status_code == 404
    assert client.post(url(village), profile()).status_code == 404


def test_manager_of_another_village_gets_404(client, village):
    neighbour = VillageFactory(region=Region.objects.get(code="33.01.18.2005"))
    client.force_login(OfficialFactory(village=neighbour, position=position("KADES")).user)
    assert client.get(url(village)).status_code == 404
    assert client.post(url(village), profile(description="Diubah orang lain")).status_code == 404
    village.refresh_from_db()
    assert village.description == "Profil lama."


@pytest.mark.parametrize("region_code", ["33.01.18", "33.01", "33"])
def test_district_staff_in_scope_can_edit(client, village, region_code):
    client.force_login(staff(region_code))
    assert client.get(url(village)).status_code == 200
    assert client.post(url(village), profile()).status_code == 302


@pytest.mark.parametrize("region_code", ["33.02.01", "33.02", "51"])
def test_district_staff_out_of_scope_get_404(client, village, region_code):
    client.force_login(staff(region_code))
    assert client.get(url(village)).status_code == 404
    assert client.post(url(village), profile()).status_code == 404


def test_inactive_staff_role_gives_no_access(client, village):
    user = staff("33.01.18")
    user.staff_roles.update(is_active=False)
    client.force_login(user)
    assert client.get(url(village)).status_code == 404


def test_admins_can_edit(client, village):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(url(village)).status_code == 200


def test_region_that_is_not_a_member_is_404(client, regions, manager):
    client.force_login(manager)
    assert client.get(reverse("villages:village_edit", args=["33.01.18.2001"])).status_code == 404


def test_csrf_is_still_checked(village, manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(url(village), profile()).status_code == 403


# ---- The form ---------------------------------------------------------------------------------------


def test_the_form_no_longer_asks_for_potentials(client, village, manager):
    """Potentials are recorded one by one with their sector on the Potensi & Usaha page."""
    client.force_login(manager)
    html = client.get(url(village)).content.decode()
    assert 'name="potentials"' not in html


def test_bad_phone_and_email_are_refused_and_kept(client, village, manager):
    client.force_login(manager)
    response = client.post(url(village), profile(phone="telepon saya", email="bukan-email"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Masukkan nomor telepon yang benar" in html
    assert 'value="telepon saya"' in html and 'value="bukan-email"' in html


# ---- Logo uploads -----------------------------------------------------------------------------------


def test_big_png_is_resized_and_stored_under_a_random_name(client, village, manager, media):
    client.force_login(manager)
    response = client.post(url(village), {**profile(), "logo": image_file("logo desa.png", (2000, 1000))})
    assert response.status_code == 302
    village.refresh_from_db()
    name = Path(village.logo.name)
    assert name.parent == Path("desa/logo")
    assert len(name.stem) == 32 and name.suffix == ".jpg" and "logo" not in name.stem
    with Image.open(village.logo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (800, 400)


def test_transparent_png_keeps_transparency_as_webp(client, village, manager, media):
    client.force_login(manager)
    client.post(url(village), {**profile(), "logo": image_file("logo.png", (300, 1200), mode="RGBA")})
    village.refresh_from_db()
    assert village.logo.name.endswith(".webp")
    with Image.open(village.logo.path) as stored:
        assert stored.format == "WEBP" and stored.size == (200, 800) and stored.mode == "RGBA"


def test_png_with_an_unused_alpha_channel_becomes_jpeg(media):
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 100), (10, 20, 30, 255)).save(buffer, format="PNG")
    assert images.prepare_logo(SimpleUploadedFile("x.png", buffer.getvalue())).name.endswith(".jpg")


def test_small_jpeg_and_webp_are_accepted(media):
    for fmt in ("JPEG", "WEBP"):
        prepared = images.prepare_logo(image_file(f"x.{fmt.lower()}", (120, 90), fmt=fmt))
        with Image.open(io.BytesIO(prepared.read())) as result:
            assert result.size == (120, 90)


def test_text_disguised_as_jpg_is_refused_and_nothing_stored(client, village, manager, media):
    client.force_login(manager)
    fake = SimpleUploadedFile("foto.jpg", b"Ini bukan gambar, hanya teks biasa.\n" * 50, content_type="image/jpeg")
    response = client.post(url(village), {**profile(description="Yang diketik tetap ada"), "logo": fake})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Berkas ini bukan gambar JPEG, PNG atau WebP yang utuh." in html
    assert "Yang diketik tetap ada" in html
    village.refresh_from_db()
    assert not village.logo and village.description == "Profil lama."
    assert stored_files(media) == []


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_real_images_of_other_types_are_refused(client, village, manager, media, fmt):
    client.force_login(manager)
    response = client.post(url(village), {**profile(), "logo": image_file(f"logo.{fmt.lower()}", (50, 50), fmt=fmt)})
    assert "Berkas ini bukan gambar JPEG, PNG atau WebP yang utuh." in response.content.decode()
    assert stored_files(media) == []


def test_truncated_png_is_refused(media):
    data = image_file("x.png", (400, 400)).read()
    with pytest.raises(images.ImageRejected):
        images.prepare_logo(SimpleUploadedFile("x.png", data[: len(data) // 2]))


def test_oversized_file_is_refused_before_it_is_stored(client, village, manager, media):
    client.force_login(manager)
    jpeg_start = b"\xff\xd8\xff\xe0"
    big = SimpleUploadedFile("foto.jpg", jpeg_start + b"\0" * images.MAX_UPLOAD_BYTES, content_type="image/jpeg")
    response = client.post(url(village), {**profile(description="Tetap tersimpan di formulir"), "logo": big})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Berkas lebih besar dari 5 MB." in html
    assert "Tetap tersimpan di formulir" in html
    village.refresh_from_db()
    assert not village.logo
    assert stored_files(media) == []


def test_upload_handler_drops_the_file_once_past_the_limit(rf):
    handler = images.UploadSizeLimit(rf.post("/"), limit=10)
    handler.new_file("logo", "x.jpg", "image/jpeg", None)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(images.SkipFile):
        handler.receive_data_chunk(b"678901", 5)
    assert handler.too_large == {"logo"}


def test_form_refuses_an_oversized_file_on_its_own(village):
    big = SimpleUploadedFile("foto.png", b"\0" * (images.MAX_UPLOAD_BYTES + 1))
    form = VillageProfileForm(profile(), {"logo": big}, instance=village)
    assert not form.is_valid()
    assert form.errors["logo"] == ["Berkas lebih besar dari 5 MB. Perkecil gambarnya atau pilih berkas lain."]


def test_huge_dimensions_are_refused(media):
    buffer = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(buffer, format="PNG")  # tiny file, 60 megapixels
    with pytest.raises(images.ImageRejected, match="terlalu besar"):
        images.prepare_logo(SimpleUploadedFile("bom.png", buffer.getvalue()))


def test_replacing_and_clearing_the_logo_removes_the_old_file(
    client, village, manager, media, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    client.post(url(village), {**profile(), "logo": image_file()})
    village.refresh_from_db()
    first = Path(village.logo.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(village), {**profile(), "logo": image_file()})
    village.refresh_from_db()
    second = Path(village.logo.path)
    assert second != first and second.exists() and not first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(village), {**profile(), "remove_logo": "on"})
    village.refresh_from_db()
    assert not village.logo and not second.exists()
    assert stored_files(media) == []


def test_saving_without_a_new_logo_keeps_the_old_one(client, village, manager, media):
    client.force_login(manager)
    client.post(url(village), {**profile(), "logo": image_file()})
    logo = Village.objects.get(pk=village.pk).logo.name
    client.post(url(village), profile(description="Hanya teks diubah"))
    assert Village.objects.get(pk=village.pk).logo.name == logo


def test_a_new_logo_wins_over_removing_the_old_one(client, village, manager, media):
    client.force_login(manager)
    client.post(url(village), {**profile(), "logo": image_file()})
    old = Village.objects.get(pk=village.pk).logo.name
    client.post(url(village), {**profile(), "logo": image_file(), "remove_logo": "on"})
    new = Village.objects.get(pk=village.pk).logo.name
    assert new and new != old


def test_remove_checkbox_only_when_there_is_a_logo(client, village, manager, media):
    client.force_login(manager)
    assert 'name="remove_logo"' not in client.get(url(village)).content.decode()
    client.post(url(village), {**profile(), "logo": image_file()})
    html = client.get(url(village)).content.decode()
    assert 'name="remove_logo"' in html and "Logo/foto yang sekarang" in html
