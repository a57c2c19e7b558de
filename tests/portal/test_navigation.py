"""The menu leads an official to every feature, on a phone too (the same markup, no JavaScript)."""

import re

from django.urls import reverse

from tests.factories import OfficialFactory, VillageFactory
from villages.models import Position

FEATURES = {
    "meetings:list": "Rapat dan pelatihan",
    "meetings:my_action_items": "Tindak lanjut saya",
    "reports:list": "Laporan",
    "knowledge:practice_list": "Praktik baik",
    "knowledge:document_list": "Dokumen",
    "cooperation:agreement_list": "Kerja sama antardesa",
    "cooperation:exchange_list": "Pertukaran perangkat",
    "cooperation:resource_list": "Papan berbagi",
}


def main_menu(html):
    match = re.search(r'<nav class="navbar[^"]*" aria-label="Menu utama">(.*?)</nav>', html, re.S)
    assert match, "the page has a labelled main menu"
    return match.group(1)


def test_official_finds_every_feature_in_the_menu(client, serang):
    sekdes = OfficialFactory(village=VillageFactory(region=serang), position=Position.objects.get(code="SEKDES")).user
    client.force_login(sekdes)
    for page in ("home", "meetings:list"):
        menu = main_menu(client.get(reverse(page)).content.decode())
        for name, label in FEATURES.items():
            assert f'href="{reverse(name)}">{label}</a>' in menu, (page, name)
    # Every link in the menu opens for an official.
    for name in FEATURES:
        assert client.get(reverse(name)).status_code == 200, name


def test_visitors_see_only_the_public_menu(client, regions):
    menu = main_menu(client.get(reverse("home")).content.decode())
    assert reverse("villages:village_directory") in menu
    for name in FEATURES:
        assert f'href="{reverse(name)}"' not in menu
