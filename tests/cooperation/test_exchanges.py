"""Staff exchanges and the resource board: who asks, who decides, who reads, who is told."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cooperation.models import ResourceMessage, ResourcePost, StaffExchange
from notifications.models import Notification
from tests.cooperation.test_lifecycle import _region, coop  # noqa: F401 - fixture
from tests.factories import OfficialFactory, StaffRoleFactory


def request_exchange(client, coop, **overrides):  # noqa: F811
    visitor = OfficialFactory(village=coop["serang"])
    client.force_login(coop["serang_mgr"])
    data = {
        "visitor": visitor.pk,
        "host_code": "33.02.01.2001",
        "starts_on": (timezone.localdate() - timedelta(days=5)).isoformat(),
        "ends_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "learning_goals": "Belajar tata kelola BUMDes",
        **overrides,
    }
    return client.post(reverse("cooperation:exchange_create"), data), visitor


def test_home_manager_requests_host_manager_accepts_visitor_reports(client, coop):  # noqa: F811
    response, visitor = request_exchange(client, coop)
    exchange = StaffExchange.objects.get()
    assert response.url == reverse("cooperation:exchange_detail", args=[exchange.pk])
    assert exchange.home_village == coop["serang"] and exchange.host_village == coop["cirahab"]
    assert Notification.objects.filter(recipient=coop["cirahab_mgr"], key=f"exchange:{exchange.pk}:requested").exists()

    mentor = OfficialFactory(village=coop["cirahab"])
    decide = reverse("cooperation:exchange_decide", args=[exchange.pk])
    client.force_login(coop["serang_mgr"])  # the home village cannot accept its own request
    assert client.post(decide, {"decision": "accept", "mentor": mentor.pk}).status_code == 404
    client.force_login(coop["cirahab_mgr"])
    assert "mentor" in client.post(decide, {"decision": "accept"}).context["decision_form"].errors
    client.post(decide, {"decision": "accept", "mentor": mentor.pk})
    exchange.refresh_from_db()
    assert exchange.status == "accepted" and exchange.host_mentor == mentor
    assert Notification.objects.filter(recipient=visitor.user, key=f"exchange:{exchange.pk}:accepted").exists()

    report = reverse("cooperation:exchange_report", args=[exchange.pk])
    client.force_login(coop["serang_mgr"])
    assert client.get(report).status_code == 404  # only the visitor writes it
    client.force_login(visitor.user)
    data = {"report_learned": "Pembukuan BUMDes", "report_apply_at_home": "Laporan bulanan", "practices_applied": "x"}
    client.post(report, data)
    exchange.refresh_from_db()
    assert exchange.status == "reported"
    for manager in (coop["serang_mgr"], coop["cirahab_mgr"]):
        client.force_login(manager)
        assert (
            "Pembukuan BUMDes"
            in client.get(reverse("cooperation:exchange_detail", args=[exchange.pk])).content.decode()
        )


def test_exchange_form_keeps_input_on_error(client, coop):  # noqa: F811
    response, _visitor = request_exchange(client, coop, host_code="33.01.18.2006", ends_on="2020-03-01")
    html = response.content.decode()
    assert "Desa tujuan harus desa lain." in html
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in html
    assert "Belajar tata kelola BUMDes" in html
    assert not StaffExchange.objects.exists()


def test_exchange_is_hidden_from_outsiders(client, coop):  # noqa: F811
    request_exchange(client, coop)
    url = reverse("cooperation:exchange_detail", args=[StaffExchange.objects.get().pk])
    client.force_login(coop["caruy_mgr"])
    assert client.get(url).status_code == 404
    client.force_login(StaffRoleFactory(region=_region("33.02")).user)
    assert client.get(url).status_code == 200


def test_only_managers_request_exchanges(client, coop):  # noqa: F811
    client.force_login(coop["serang_staf"])
    assert client.get(reverse("cooperation:exchange_create")).status_code == 404


def test_resource_contact_goes_to_the_posters_managers_without_phone_numbers(client, coop):  # noqa: F811
    client.force_login(coop["serang_staf"])
    response = client.post(
        reverse("cooperation:resource_create"),
        {
            "kind": "offer",
            "category": "peralatan",
            "title": "Pinjam mesin pengemas",
            "description": "Mesin vakum",
            "region": coop["serang"].region.parent.parent.pk,  # Kab. Cilacap
            "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    post = ResourcePost.objects.get()
    assert response.url == reverse("cooperation:resource_detail", args=[post.pk])
    client.force_login(coop["cirahab_mgr"])
    client.post(reverse("cooperation:resource_detail", args=[post.pk]), {"text": "Kami ingin meminjam bulan depan."})
    message = ResourceMessage.objects.get()
    assert message.sender_village == coop["cirahab"]
    told = set(Notification.objects.filter(key=f"resource-message:{message.pk}").values_list("recipient", flat=True))
    assert told == {coop["serang_mgr"].pk, coop["serang_staf"].pk}

    client.force_login(coop["caruy_mgr"])  # not the poster: cannot close
    assert client.get(reverse("cooperation:resource_close", args=[post.pk])).status_code == 404
    client.force_login(coop["serang_mgr"])
    close = reverse("cooperation:resource_close", args=[post.pk])
    response = client.post(close, {"fulfilled": "1", "partner_code": "99.99.99.9999"})
    assert "belum bergabung" in response.content.decode()
    client.post(close, {"fulfilled": "1", "partner_code": "33.02.01.2001", "note": "Dipinjam 2 minggu"})
    post.refresh_from_db()
    assert post.status == "closed" and post.fulfilled is True and post.fulfilled_with == coop["cirahab"]


def test_resource_form_refuses_a_past_date(client, coop):  # noqa: F811
    client.force_login(coop["serang_mgr"])
    response = client.post(
        reverse("cooperation:resource_create"),
        {
            "kind": "request",
            "category": "keahlian",
            "title": "Butuh pelatih akuntansi",
            "description": "-",
            "region": coop["serang"].region.parent.pk,
            "valid_until": (date.today() - timedelta(days=3)).isoformat(),
        },
    )
    assert "Tanggal berlaku tidak boleh sudah lewat." in response.content.decode()
    assert "Butuh pelatih akuntansi" in response.content.decode()


def test_exchange_host_is_picked_by_name(client, coop):  # noqa: F811
    response, _visitor = request_exchange(client, coop, host_code="desa cirahab")
    exchange = StaffExchange.objects.get()
    assert response.url == reverse("cooperation:exchange_detail", args=[exchange.pk])
    assert exchange.host_village == coop["cirahab"]


def test_exchange_form_asks_which_village_when_a_name_fits_several(client, coop):  # noqa: F811
    client.force_login(coop["serang_mgr"])
    html = client.get(reverse("cooperation:exchange_create")).content.decode()
    assert "Desa tujuan" in html and "Kode desa" not in html
    assert 'data-lookup="/pilih-tempat/?jenis=desa"' in html
    response, _visitor = request_exchange(client, coop, host_code="ra")  # Serang and Cirahab
    html = response.content.decode()
    assert "cocok dengan beberapa tempat" in html
    choice = "Desa Cirahab — Kec. Lumbir, Kab. Banyumas, Jawa Tengah (33.02.01.2001)"
    assert f'type="radio" name="host_code" value="{choice}"' in html
    assert "Belajar tata kelola BUMDes" in html  # nothing typed is lost
    assert not StaffExchange.objects.exists()
    # Choosing sends the typed text and the chosen option; the choice, which comes last, wins.
    response, _visitor = request_exchange(client, coop, host_code=["ra", choice])
    assert StaffExchange.objects.get().host_village == coop["cirahab"]
