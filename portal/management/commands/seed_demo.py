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
            self.create_review_chain(villages)
            self.create_terms(villages)
            self.create_idm_history(villages)
            self.create_enterprises(villages)
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

    def create_review_chain(self, villages):
        """Cilacap reviews in two steps; last period's reports wait at each level: Serang's at the
        kecamatan (past the 7-day limit), Cipari's at the kabupaten."""
        from datetime import timedelta

        from django.db.models import F

        from reports import services
        from reports.models import ActivityReport, ReportingSchedule, ReportTransition, ReviewReminder

        dpmd = User.objects.get(email="dpmd.cilacap@forumdesa.test")
        camat = User.objects.get(email="camat.cipari@forumdesa.test")
        ReportingSchedule.objects.update_or_create(
            kabupaten=Region.objects.get(code="33.01"),
            defaults={"review_chain": "two_step", "review_wait_days": 7, "updated_by": dpmd},
        )
        waiting = [
            (SERANG, "sekdes.serang@forumdesa.test", "Rapat rutin perangkat dan pelatihan anyaman bambu.", 9, False),
            ("33.01.18.2005", "sekdes.cipari@forumdesa.test", "Musyawarah desa tentang BUMDes.", 6, True),
        ]
        for code, email, narrative, days_ago, verify in waiting:
            village, author = villages[code], User.objects.get(email=email)
            (last_start, _end), _current = services.open_periods(village)[0]
            report = services.get_or_start_report(village, last_start, user=author)
            if report is None or not report.is_editable:
                continue
            services.save_report(report, {"narrative": narrative}, user=author)
            services.submit_report(report, actor=author)
            if verify:
                services.verify_report(report, actor=camat, comment="Sudah diperiksa kecamatan.")
            # Waiting for some days already, as a queue does: move the history and the reminder back.
            back = timedelta(days=days_ago)
            rows = ActivityReport.objects.filter(pk=report.pk)
            rows.update(submitted_at=F("submitted_at") - back, verified_at=F("verified_at") - back)
            ReportTransition.objects.filter(report=report).update(at=F("at") - back)
            ReviewReminder.objects.filter(report=report).update(
                waiting_since=F("waiting_since") - back, due_at=F("due_at") - back
            )

    def create_terms(self, villages):
        """SK dates for Serang's officials, and a term that ends within 60 days for the Kepala Desa
        to notice (the Kaur Keuangan's)."""
        from datetime import date, timedelta

        from django.utils import timezone

        Official.objects.filter(village=villages[SERANG], sk_date__isnull=True).update(
            sk_date=date(2024, 1, 15), term_start=date(2024, 2, 1)
        )
        Official.objects.filter(user__email="kaurkeu.serang@forumdesa.test", term_end__isnull=True).update(
            term_end=timezone.localdate() + timedelta(days=45)
        )

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

    def create_enterprises(self, villages):
        """Serang's potentials, its enterprises and the support they had, a training held for the
        micro-enterprise programme and the programme itself, tied to the practice Cipari adopted."""
        from datetime import date, datetime, time, timedelta
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        from enterprises.models import Enterprise, Potential, Programme
        from knowledge.models import Practice
        from meetings.models import Meeting, Registration
        from meetings.services import create_meeting

        serang, cipari = villages[SERANG], villages["33.01.18.2005"]
        sekdes = User.objects.get(email="sekdes.serang@forumdesa.test")
        kades = User.objects.get(email="kades.serang@forumdesa.test")
        sekdes_cipari = User.objects.get(email="sekdes.cipari@forumdesa.test")
        today = timezone.localdate(timezone=ZoneInfo(serang.timezone))

        if not Potential.objects.filter(village=serang).exists():
            for sector, name, location, scale, amount, unit in [
                (
                    "perkebunan",
                    "Pohon kelapa deres",
                    "Pekarangan dan tegalan warga",
                    "Sekitar 60 penderes",
                    3000,
                    "pohon",
                ),
                (
                    "kerajinan",
                    "Pandan duri untuk anyaman",
                    "Tepi sawah dan saluran irigasi",
                    "Tumbuh liar, dipanen",
                    None,
                    "",
                ),
                ("pertanian", "Sawah tadah hujan", "Sebelah selatan desa", "Dua kali tanam setahun", 210, "ha"),
                ("perikanan", "Kolam ikan gurami", "Pekarangan warga", "Sekitar 40 kolam", None, ""),
            ]:
                Potential.objects.create(
                    village=serang, sector=sector, name=name, location=location, scale=scale, amount=amount, unit=unit
                )

        enterprises = {}
        for kind, name, products, sector, workers, turnover in [
            ("kelompok", "KUB Pandan Wangi", "Tikar, tas dan topi anyaman dari pandan", "kerajinan", 24, "lt50"),
            (
                "bumdes",
                "Unit Gula Kelapa BUMDes Serang",
                "Gula kelapa cetak dan gula semut kemasan",
                "pengolahan",
                15,
                "50-300",
            ),
            ("umkm", "Keripik Singkong Bu Tarsih", "Keripik singkong pedas dan original", "pengolahan", 4, "lt50"),
        ]:
            enterprises[name], _created = Enterprise.objects.get_or_create(
                village=serang,
                name=name,
                defaults={
                    "kind": kind,
                    "products": products,
                    "sector": sector,
                    "workers": workers,
                    "turnover": turnover,
                    "created_by": sekdes,
                },
            )
        Enterprise.objects.get_or_create(
            village=cipari,
            name="Anyaman Bambu Cipari",
            defaults={
                "kind": "umkm",
                "products": "Besek dan tampah anyaman bambu",
                "sector": "kerajinan",
                "workers": 6,
            },
        )

        training = Meeting.objects.filter(title="Pelatihan desain dan pemasaran anyaman pandan").first()
        if training is None:
            day = today - timedelta(days=45)
            start = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(serang.timezone))
            training = create_meeting(
                user=sekdes,
                data={
                    "title": "Pelatihan desain dan pemasaran anyaman pandan",
                    "kind": Meeting.Kind.TRAINING,
                    "agenda": "1. Motif dan pewarna alami\n2. Harga pokok\n3. Foto produk untuk penjualan daring",
                    "host_village": serang,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=4),
                    "place": "Balai Desa Serang",
                    "audience_kind": Meeting.Audience.VILLAGES,
                },
                villages=[serang, cipari],
            )
            for user, village in ((kades, serang), (sekdes_cipari, cipari)):
                Registration.objects.create(
                    meeting=training,
                    user=user,
                    village=village,
                    position_name=Official.objects.get(user=user).position.name,
                    status=Registration.Status.REGISTERED,
                    attended=True,
                    checked_in_at=start,
                )
            pandan = enterprises["KUB Pandan Wangi"]
            pandan.supports.create(
                kind="pelatihan",
                given_by="Pemerintah Desa Serang",
                given_on=day,
                meeting=training,
                note="12 perajin ikut.",
            )
            pandan.supports.create(
                kind="peralatan",
                given_by="BUMDes Serang",
                given_on=day + timedelta(days=14),
                note="Alat press dan pewarna.",
            )
            enterprises["Unit Gula Kelapa BUMDes Serang"].supports.create(
                kind="dana",
                given_by="Dana Desa (penyertaan modal BUMDes)",
                given_on=date(today.year, 1, 15),
                note="Rp25.000.000 untuk wajan, tungku hemat kayu dan kemasan.",
            )

        if not Programme.objects.filter(village=serang).exists():
            programme = Programme.objects.create(
                name="Program pengembangan usaha mikro Desa Serang",
                goal="Mengolah potensi unggulan desa (pandan, kelapa, singkong) menjadi usaha warga yang lestari.",
                village=serang,
                starts_on=date(today.year - 1, 7, 1),
                created_by=sekdes,
            )
            programme.trainings.set([training])
            programme.enterprises.set(enterprises.values())
            programme.practices.set(Practice.objects.filter(village=serang, status=Practice.Status.PUBLISHED))

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

    def create_idm_history(self, villages):
        """Three years of IDM results for every demo village, as if imported from Kemendesa's files,
        and a year of coordination meetings in Cipari that some villages joined and others did not,
        so the evidence page (/laporan/bukti/) has groups to compare. Eleven villages are far too few
        for a conclusion, and the page says so."""
        from datetime import datetime, time, timedelta
        from decimal import Decimal
        from zoneinfo import ZoneInfo

        from meetings.models import Meeting, Registration
        from villages.models import IdmScore

        wib = ZoneInfo("Asia/Jakarta")
        title = "Rapat koordinasi perangkat desa se-Kecamatan Cipari"
        if not Meeting.objects.filter(title__startswith=title).exists():
            secretary = Position.objects.get(code="SEKDES")
            officials = {}
            for code, name in CIPARI_SECRETARIES.items():
                village = villages.get(code)
                if village is None:
                    continue
                official = Official.objects.filter(village=village, position=secretary, status="active").first()
                if official is None:
                    place = village.region.name.lower()
                    user = User.objects.filter(email=f"sekdes.{place}@forumdesa.test").first()
                    user = user or User.objects.create_user(email=f"sekdes.{place}@forumdesa.test", full_name=name)
                    official = Official.objects.create(
                        user=user, village=village, position=secretary, status=Official.Status.ACTIVE
                    )
                officials[code] = official
            hosts = ["33.01.18.2006", "33.01.18.2005", "33.01.18.2001"]
            for index, month in enumerate((2, 4, 6, 8, 10, 12)):
                host = villages[hosts[index % 3]]
                start = datetime.combine(datetime(2025, month, 12).date(), time(9, 0), tzinfo=wib)
                meeting = Meeting.objects.create(
                    title=f"{title} ({MONTH_NAMES[month - 1]} 2025)",
                    kind=Meeting.Kind.ROUTINE,
                    agenda="1. Laporan tiap desa\n2. Program usaha mikro\n3. Rencana bulan depan",
                    host_village=host,
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    place=f"Balai {host.name}",
                    audience_kind=Meeting.Audience.REGION,
                    audience_region=host.region.parent,
                    status=Meeting.Status.COMPLETED,
                )
                for code, official in officials.items():
                    joins = code in CIPARI_ACTIVE or (code in CIPARI_SOMETIMES and index in (0, 3))
                    if joins and official.village_id != host.pk:
                        Registration.objects.create(
                            meeting=meeting,
                            user=official.user,
                            village=official.village,
                            position_name=official.position.name,
                            status=Registration.Status.REGISTERED,
                            attended=True,
                            checked_in_at=start,
                        )

        for code, series in IDM_HISTORY.items():
            village = villages.get(code)
            if village is None:
                continue
            for year, score in zip((2024, 2025, 2026), series, strict=True):
                value = Decimal(score)
                IdmScore.objects.get_or_create(
                    village=village,
                    year=year,
                    defaults={
                        "score": value,
                        # IKS a little above the score, IKE below, IKL near it: their mean is the score.
                        "iks": min(value + Decimal("0.0600"), Decimal(1)),
                        "ike": value - Decimal("0.0700"),
                        "ikl": value + Decimal("0.0100"),
                        "source": IdmScore.Source.IMPORT,
                        "source_file": f"Status IDM {year} (contoh).xlsx",
                    },
                )


MONTH_NAMES = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
# The Sekretaris Desa of each Cipari village (Serang's and Cipari's are demo accounts above).
CIPARI_SECRETARIES = {
    "33.01.18.2001": "Slamet Riyadi",
    "33.01.18.2002": "Nur Hidayah",
    "33.01.18.2003": "Eko Wahyudi",
    "33.01.18.2004": "Sri Wahyuni",
    "33.01.18.2005": "Agus Prasetyo",
    "33.01.18.2006": "Siti Rahayu",
    "33.01.18.2007": "Joko Santoso",
    "33.01.18.2008": "Tri Handayani",
    "33.01.18.2009": "Budi Hartono",
    "33.01.18.2010": "Yuni Astuti",
    "33.01.18.2011": "Wahyu Nugroho",
}
# Who came to the coordination meetings of 2025: always, twice, or never (the rest).
CIPARI_ACTIVE = {"33.01.18.2006", "33.01.18.2005", "33.01.18.2001", "33.01.18.2007"}
CIPARI_SOMETIMES = {"33.01.18.2002", "33.01.18.2003", "33.01.18.2010"}
IDM_HISTORY = {
    # code: scores 2024, 2025, 2026; villages that work together gained a little more, but eleven
    # villages are far too few to tell that apart from chance.
    "33.01.18.2006": ("0.7433", "0.7652", "0.7869"),  # Serang, continuing its 2020–2023 scores
    "33.01.18.2005": ("0.7120", "0.7345", "0.7561"),
    "33.01.18.2001": ("0.6512", "0.6718", "0.6944"),
    "33.01.18.2007": ("0.6388", "0.6570", "0.6795"),
    "33.01.18.2002": ("0.6235", "0.6347", "0.6490"),
    "33.01.18.2003": ("0.5874", "0.6012", "0.6151"),
    "33.01.18.2010": ("0.6450", "0.6561", "0.6689"),
    "33.01.18.2004": ("0.5702", "0.5815", "0.5890"),
    "33.01.18.2008": ("0.6120", "0.6245", "0.6330"),
    "33.01.18.2009": ("0.5921", "0.6010", "0.6135"),
    "33.01.18.2011": ("0.6604", "0.6702", "0.6811"),
    "33.02.01.2001": ("0.6023", "0.6140", "0.6266"),
    "34.04.16.2001": ("0.7815", "0.8012", "0.8230"),
    "61.12.01.2002": ("0.5432", "0.5610", "0.5788"),
    "51.04.05.2001": ("0.8104", "0.8290", "0.8411"),
    "73.06.01.2006": ("0.6678", "0.6790", "0.6902"),
    "91.03.01.2005": ("0.4712", "0.4890", "0.5103"),
}
