"""Practices for the library tests, written the way officials write them."""

from django.utils import timezone

from knowledge.models import Practice, SdgGoal, Topic

MICRO_ENTERPRISE = {
    "title": "Pelatihan usaha mikro untuk ibu-ibu PKK",
    "summary": "Desa melatih 45 warga membuat dan memasarkan keripik singkong dan batik.",
    "problem": "Banyak warga punya keterampilan tetapi tidak punya modal dan pasar.",
    "steps": "- Pendataan warga\n- Latihan pengemasan dan pemasaran daring\n- Pinjaman modal bergulir BUMDes",
    "results": "Pendapatan rata-rata peserta naik 30%; 12 usaha baru terdaftar.",
    "funding_source": "dana_desa",
    "cost": 25_000_000,
}


def practice(village, author=None, status=Practice.Status.PUBLISHED, topics=(), sdgs=(), **fields):
    data = {**MICRO_ENTERPRISE, **fields}
    if status == Practice.Status.PUBLISHED:
        data.setdefault("published_at", timezone.now())
    p = Practice.objects.create(village=village, created_by=author, status=status, **data)
    if author:
        p.authors.add(author)
    p.topics.set(Topic.objects.filter(slug__in=topics))
    p.sdgs.set(SdgGoal.objects.filter(number__in=sdgs))
    return p
