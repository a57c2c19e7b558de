from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import StaffRole, User
from regions.models import Region
from villages.models import Official, Position, Village

DEMO_PASSWORD = "desa-maju-2026"  # noqa: S105 - printed for the demo; refused outside DEBUG

CIPARI = "33.01.18"
SERANG = "33.01.18.2006"
# One village in each other time zone and a few more regions, to show scope and times.
OTHER_VILLAGES = [
    "33.02.01.2001",  # Cirahab, Kec. Lumbir, Kab. Banyumas, Jawa Tengah (WIB)
    "34.04.16.2001",  # Purwobinangun, Kec. Pakem, Kab. Sleman, DI Yogyakarta (WIB)
    "61.12.01.2002",  # Sungai Ambangah, Kec. Sungai Raya, Kab. Kubu Raya, Kalimantan Barat (WIB)
    "51.04.05.2001",  # Lodtunduh, Kec. Ubud, Kab. Gianyar, Bali (WITA)
    "73.06.01.2006",  # Barembeng, Kec. Bontonompo, Kab. Gowa, Sulawesi Selatan (WITA)
    "91.03.01.2005",  # Yobeh, Distrik Sentani, Kab. Jayapura, Papua (WIT)
]

ACCOUNTS = [
    # email, full name, role
    ("admin@forumdesa.test", "Admin ForumDesa", "admin", None, None),
    ("sekdes.serang@forumdesa.test", "Siti Rahayu", "official", SERANG, "SEKDES"),
    ("kades.serang@forumdesa.test", "Bambang Sutrisno", "official", SERANG, "KADES"),
    ("kaurkeu.serang@forumdesa.test", "Dewi Lestari", "official", SERANG, "KAUR_KEU"),
    ("sekdes.cipari@forumdesa.test", "Agus Prasetyo", "official", "33.01.18.2005", "SEKDES"),
    ("camat.cipari@forumdesa.test", "Hendra Wijaya", "staff", CIPARI, "Camat Cipari"),
    ("dpmd.cilacap@forumdesa.test", "Rina Kusumawati", "staff", "33.01", "Staf DPMD Kabupaten Cilacap"),
    ("kades.lodtunduh@forumdesa.test", "I Made Suarta", "official", "51.04.05.2001", "KADES"),
    ("kades.sentani@forumdesa.test", "Yohanes Wenda", "official", "91.03.01.2005", "KADES"),
]


class Command(BaseCommand):
    help = "Isi data contoh: desa-desa Kecamatan Cipari dan beberapa desa lain, serta akun demo per peran."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Jalankan walau DEBUG mati (jangan di produksi).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Data demo memakai kata sandi yang diketahui umum: hanya untuk DEBUG=1.")
        if not Region.objects.filter(code=SERANG).exists():
            raise CommandError("Wilayah belum diimpor: jalankan dulu `manage.py import_regions`.")
        with transaction.atomic():
            villages = self.create_villages()
            self.create_accounts(villages)
            self.create_activity(villages)
            self.create_cooperation(villages)
            self.create_training_evaluation(villages)
        self.stdout.write(self.style.SUCCESS(f"Data demo siap: {len(villages)} desa anggota."))
        self.stdout.write(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}):")
        for email, name, _role, where, what in ACCOUNTS:
            self.stdout.write(f"  {email:34} {name} — {what or 'admin'}{f' ({where})' if where else ''}")

    def create_villages(self):
        codes = list(Region.objects.within(CIPARI).filter(level=Region.Level.VILLAGE).values_list("code", flat=True))
        codes += OTHER_VILLAGES
        villages = {}
        for region in Region.objects.filter(code__in=codes, level=Region.Level.VILLAGE):
            villages[region.code], _ = Village.objects.get_or_create(
                region=region,
                defaults={
                    "description": f"Pemerintah {region.display_name}."
                    if region.code != SERANG
                    else (
                        "Desa Serang di Kecamatan Cipari rutin mengadakan pertemuan, pelatihan dan sesi diskusi "
                        "antar perangkat desa, dan membangun program pengembangan usaha mikro bersama warga."
                    )
                },
            )
        return villages

    def create_accounts(self, villages):
        positions = {p.code: p for p in Position.objects.all()}
        for email, name, role, where, what in ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=DEMO_PASSWORD, full_name=name, phone=f"0812 {len(name):04d} {len(email):04d}"
                )
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            if role == "admin" and not user.is_superuser:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            elif role == "official" and where in villages:
                Official.objects.get_or_create(
                    user=user,
                    village=villages[where],
                    position=positions[what],
                    defaults={"status": Official.Status.ACTIVE, "sk_number": f"141/{what}/2024"},
                )
            elif role == "staff":
                region = Region.objects.get(code=where)
                StaffRole.objects.get_or_create(user=user, region=region, defaults={"title": what})

    def create_activity(self, villages):
        """A little of everything, so each page has something to show; created once."""
        from datetime import datetime, time, timedelta
        from decimal import Decimal
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        from forums.discussions import start_thread
        from forums.models import Network, Thread
        from forums.networks import ensure_kecamatan_network
        from knowledge.models import Practice, Topic
        from knowledge.practices import create_practice, publish_practice
        from meetings.models import Meeting
        from meetings.services import create_meeting, register
        from villages.models import IdmScore

        serang = villages[SERANG]
        sekdes = User.objects.get(email="sekdes.serang@forumdesa.test")
        camat = User.objects.get(email="camat.cipari@forumdesa.test")
        dpmd = User.objects.get(email="dpmd.cilacap@forumdesa.test")

        for year, score in [(2020, "0.5934"), (2021, "0.6321"), (2022, "0.6890"), (2023, "0.7185"), (2024, "0.7433")]:
            IdmScore.objects.get_or_create(village=serang, year=year, defaults={"score": Decimal(score)})

        network = ensure_kecamatan_network(serang) or Network.objects.get(cover_region=serang.region.parent)
        if not Thread.objects.filter(network=network).exists():
            start_thread(
                network,
                sekdes,
                "Berbagi pengalaman: pelatihan usaha mikro anyaman bambu",
                "Desa Serang baru selesai melatih **24 warga** membuat anyaman bambu. "
                "Siapa yang tertarik belajar bersama bulan depan?",
            )

        if not Meeting.objects.filter(title__startswith="Pelatihan pemasaran digital").exists():
            # 09.00–12.00 WIB a week from today, a time a training really takes place.
            day = timezone.localdate(timezone=ZoneInfo(serang.timezone)) + timedelta(days=7)
            start = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(serang.timezone))
            meeting = create_meeting(
                user=camat,
                data={
                    "title": "Pelatihan pemasaran digital untuk UMKM desa",
                    "kind": Meeting.Kind.TRAINING,
                    "agenda": "1. Foto produk dengan ponsel\n2. Berjualan lewat WhatsApp Business\n3. Tanya jawab",
                    "host_region": serang.region.parent,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=3),
                    "place": "Aula Kecamatan Cipari",
                    "capacity": 30,
                    "audience_kind": Meeting.Audience.NETWORK,
                    "audience_network": network,
                },
            )
            register(meeting, sekdes)

        if not Practice.objects.filter(village=serang).exists():
            practice = create_practice(
                sekdes,
                serang,
                {
                    "title": "Pelatihan usaha mikro anyaman bambu bersama BUMDes",
                    "summary": "Warga dilatih membuat dan menjual anyaman bambu; BUMDes membeli hasilnya.",
                    "problem": "Banyak warga usia produktif tanpa penghasilan tetap; bambu melimpah dijual mentah.",
                    "steps": "Musyawarah desa, pelatihan 6 pertemuan oleh perajin setempat, modal awal dari BUMDes.",
                    "results": "24 warga terlatih, 15 menjual rutin, pendapatan rata-rata naik Rp600.000 per bulan.",
                    "cost": 18_500_000,
                    "funding_source": "dana_desa",
                    "topics": list(Topic.objects.filter(name__icontains="usaha mikro")[:1]),
                },
            )
            practice.status = Practice.Status.SUBMITTED
            practice.save()
            publish_practice(practice, dpmd)

    def create_cooperation(self, villages):
        """An agreement, a staff exchange, an offer on the resource board, a shared document, the
        minutes of last month's meeting and an adoption: one of each, between Serang and Cipari."""
        from datetime import datetime, time, timedelta
        from zoneinfo import ZoneInfo

        from django.core.files.base import ContentFile
        from django.utils import timezone

        from cooperation.models import Agreement, AgreementParty, ResourcePost, StaffExchange
        from cooperation.services import confirm, propose, request_exchange, start_agreement
        from knowledge.models import Adoption, Document, Practice
        from knowledge.practices import record_adoption
        from meetings.models import Meeting, Minutes, Registration
        from meetings.services import close_minutes, create_meeting

        serang, cipari = villages[SERANG], villages["33.01.18.2005"]
        sekdes = User.objects.get(email="sekdes.serang@forumdesa.test")
        kades = User.objects.get(email="kades.serang@forumdesa.test")
        sekdes_cipari = User.objects.get(email="sekdes.cipari@forumdesa.test")
        today = timezone.localdate(timezone=ZoneInfo(serang.timezone))

        if not Agreement.objects.filter(lead_village=serang).exists():
            agreement = Agreement(
                title="Pemasaran bersama anyaman bambu Serang–Cipari",
                field=Agreement.Field.JOINT_VENTURE,
                scope="BUMDes kedua desa memasarkan anyaman bambu lewat satu toko daring dan pameran kecamatan.",
                starts_on=today.replace(day=1),
                ends_on=today.replace(day=1, year=today.year + 2),
                is_public=True,
            )
            start_agreement(agreement, sekdes, serang)
            party = AgreementParty.objects.create(agreement=agreement, village=cipari)
            propose(agreement, sekdes)
            confirm(party, sekdes_cipari)

        if not StaffExchange.objects.filter(home_village=serang).exists():
            kaur = Official.objects.get(user__email="kaurkeu.serang@forumdesa.test")
            exchange = StaffExchange(
                visitor=kaur,
                home_village=serang,
                host_village=cipari,
                starts_on=today + timedelta(days=14),
                ends_on=today + timedelta(days=16),
                learning_goals="Belajar pembukuan BUMDes dan pelaporan Siskeudes dari Desa Cipari.",
            )
            request_exchange(exchange, kades)

        if not ResourcePost.objects.filter(village=serang).exists():
            ResourcePost.objects.create(
                village=serang,
                kind=ResourcePost.Kind.OFFER,
                category=ResourcePost.Category.EQUIPMENT,
                title="Pinjam mesin press kemasan plastik",
                description="Mesin press kemasan milik BUMDes Serang bisa dipinjam desa tetangga, maks. 2 minggu.",
                region=serang.region.parent,
                valid_until=today + timedelta(days=60),
                author=sekdes,
            )

        if not Document.objects.filter(village=serang).exists():
            # A minimal PDF, so the download opens.
            body = (
                b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
            )
            Document.objects.create(
                title="Contoh Perdes tentang BUMDes",
                description="Rancangan Peraturan Desa Serang tentang pendirian dan pengelolaan BUMDes.",
                category=Document.Category.PERDES,
                year=today.year - 1,
                village=serang,
                file=ContentFile(body, name="perdes-bumdes-serang.pdf"),
                original_name="perdes-bumdes-serang.pdf",
                content_type="application/pdf",
                size=len(body),
                uploaded_by=sekdes,
            )

        if not Meeting.objects.filter(title__startswith="Rapat koordinasi BUMDes").exists():
            day = today - timedelta(days=20)
            start = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(serang.timezone))
            meeting = create_meeting(
                user=sekdes,
                data={
                    "title": "Rapat koordinasi BUMDes Serang dan Cipari",
                    "kind": Meeting.Kind.ROUTINE,
                    "agenda": "1. Stok anyaman\n2. Harga bersama\n3. Pameran kecamatan",
                    "host_village": serang,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=2),
                    "place": "Balai Desa Serang",
                    "audience_kind": Meeting.Audience.VILLAGES,
                },
                villages=[serang, cipari],
            )
            # Held already: registration is closed, so the attendance is recorded as the organiser's list would.
            for user, village in ((kades, serang), (sekdes_cipari, cipari)):
                Registration.objects.create(
                    meeting=meeting,
                    user=user,
                    village=village,
                    position_name=Official.objects.get(user=user).position.name,
                    status=Registration.Status.REGISTERED,
                    attended=True,
                    checked_in_at=start,
                )
            minutes = Minutes.objects.create(
                meeting=meeting,
                summary="Stok anyaman 320 buah; harga bersama disepakati.",
                decisions="1. Harga tikar Rp85.000\n2. Ikut pameran kecamatan bulan depan",
                written_by=sekdes,
            )
            close_minutes(minutes)

        practice = Practice.objects.filter(village=serang, status=Practice.Status.PUBLISHED).first()
        if practice and not Adoption.objects.filter(practice=practice).exists():
            record_adoption(
                practice,
                cipari,
                sekdes_cipari,
                today - timedelta(days=30),
                "Pelatihan 4 pertemuan; perajin dari Serang menjadi pelatih.",
            )

    def create_training_evaluation(self, villages):
        """Registration questions with answers, a training held ten days ago with its evaluations,
        and an open poll in the Cipari forum."""
        from datetime import datetime, time, timedelta
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        from forums.models import Network, Poll
        from forums.polls import start_poll, vote
        from knowledge.models import Practice
        from meetings.models import Meeting, Registration, RegistrationQuestion
        from meetings.services import save_answers, submit_evaluation

        serang, cipari = villages[SERANG], villages["33.01.18.2005"]
        sekdes = User.objects.get(email="sekdes.serang@forumdesa.test")
        kades = User.objects.get(email="kades.serang@forumdesa.test")
        kaur = User.objects.get(email="kaurkeu.serang@forumdesa.test")
        sekdes_cipari = User.objects.get(email="sekdes.cipari@forumdesa.test")
        camat = User.objects.get(email="camat.cipari@forumdesa.test")
        network = Network.objects.get(cover_region=serang.region.parent, kind=Network.Kind.KECAMATAN)
        zone = ZoneInfo(serang.timezone)

        def ask(meeting):
            return [
                RegistrationQuestion.objects.create(
                    meeting=meeting,
                    text="Produk UMKM apa yang Anda bawa?",
                    kind=RegistrationQuestion.Kind.TEXT,
                    required=True,
                    order=1,
                ),
                RegistrationQuestion.objects.create(
                    meeting=meeting,
                    text="Materi yang paling dibutuhkan",
                    kind=RegistrationQuestion.Kind.MULTIPLE,
                    options="Foto produk\nWhatsApp Business\nMarketplace\nPembukuan sederhana",
                    order=2,
                ),
                RegistrationQuestion.objects.create(
                    meeting=meeting,
                    text="Membawa laptop?",
                    kind=RegistrationQuestion.Kind.CHOICE,
                    options="Ya\nTidak",
                    order=3,
                ),
            ]

        upcoming = Meeting.objects.filter(title__startswith="Pelatihan pemasaran digital").first()
        if upcoming and not upcoming.questions.exists():
            product, topics, laptop = ask(upcoming)
            registration = upcoming.registrations.filter(user=sekdes).first()
            if registration:
                save_answers(
                    registration,
                    {product: "Anyaman bambu (tikar, besek)", topics: ["Foto produk", "Marketplace"], laptop: "Tidak"},
                )

        if not Meeting.objects.filter(title__startswith="Pelatihan anyaman bambu").exists():
            day = timezone.localdate(timezone=zone) - timedelta(days=10)
            start = datetime.combine(day, time(8, 30), tzinfo=zone)
            meeting = Meeting.objects.create(
                title="Pelatihan anyaman bambu untuk UMKM desa",
                kind=Meeting.Kind.TRAINING,
                agenda="1. Memilih dan mengawetkan bambu\n2. Pola anyaman tikar dan besek\n3. Harga dan kemasan",
                host_village=serang,
                starts_at=start,
                ends_at=start + timedelta(hours=4),
                place="Balai Desa Serang",
                audience_kind=Meeting.Audience.NETWORK,
                audience_network=network,
                created_by=camat,
                status=Meeting.Status.COMPLETED,
            )
            meeting.organisers.add(camat, sekdes)
            practice = Practice.objects.filter(village=serang, status=Practice.Status.PUBLISHED).first()
            if practice:
                practice.meetings.add(meeting)
            product, topics, laptop = ask(meeting)
            said = [
                (sekdes_cipari, cipari, 5, "Membentuk kelompok perajin di Cipari dan melatih 10 warga.", practice),
                (kades, serang, 4, "Menambah pola besek untuk kemasan oleh-oleh.", None),
                (kaur, serang, None, "", None),
            ]
            for user, village, score, text, related in said:
                registration = Registration.objects.create(
                    meeting=meeting,
                    user=user,
                    village=village,
                    position_name=Official.objects.get(user=user).position.name,
                    status=Registration.Status.REGISTERED,
                    attended=True,
                    checked_in_at=start,
                )
                save_answers(registration, {product: "Anyaman bambu", topics: ["Pembukuan sederhana"], laptop: "Tidak"})
                if score:
                    submit_evaluation(registration, usefulness=score, will_apply=text, practice=related)
            meeting.attended_count = 3
            meeting.save(update_fields=["attended_count"])

        if not Poll.objects.filter(network=network).exists():
            poll = start_poll(
                network,
                camat,
                "Kapan pameran UMKM kecamatan sebaiknya diadakan?",
                ["Akhir bulan ini", "Awal bulan depan", "Bersamaan dengan hari jadi kabupaten"],
                datetime.combine(timezone.localdate(timezone=zone) + timedelta(days=5), time(17, 0), tzinfo=zone),
            )
            first, second, _third = poll.choices.all()
            vote(poll, sekdes, second.pk)
            vote(poll, sekdes_cipari, second.pk)
            vote(poll, kades, first.pk)
