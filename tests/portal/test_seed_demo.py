import pytest
from django.core.management import CommandError, call_command

from accounts.models import StaffRole, User
from villages.models import Official, Village


def test_demo_data_has_cipari_other_time_zones_and_one_account_per_role(regions, settings, capsys):
    settings.DEBUG = True
    call_command("import_regions", only=["34.04.16", "73.06.01"], verbosity=0)
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent

    assert Village.objects.within("33.01.18").count() == 11
    zones = set(Village.objects.values_list("region__timezone", flat=True))
    assert {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} <= zones
    sekdes = Official.objects.get(user__email="sekdes.serang@forumdesa.test")
    assert (sekdes.position.code, sekdes.village.code, sekdes.status) == ("SEKDES", "33.01.18.2006", "active")
    assert StaffRole.objects.get(user__email="camat.cipari@forumdesa.test").region.code == "33.01.18"
    assert StaffRole.objects.get(user__email="dpmd.cilacap@forumdesa.test").region.code == "33.01"
    assert User.objects.get(email="admin@forumdesa.test").is_superuser
    # Nine accounts to sign in with; the other Cipari secretaries are people without a password.
    demo = User.objects.filter(email__endswith="@forumdesa.test")
    assert sum(user.has_usable_password() for user in demo) == 9
    # Something on every page: IDM history, a thread in the Cipari forum, a training, a practice.
    from forums.models import Thread
    from knowledge.models import Practice
    from meetings.models import Meeting

    serang = Village.objects.get(region__code="33.01.18.2006")
    assert serang.idm_scores.count() == 7
    # Every Cipari village has three imported years, and the evidence page has groups to compare,
    # too small for a conclusion.
    from reports.evidence import idm_evidence
    from villages.models import IdmScore

    imported = IdmScore.objects.filter(village__region__code__startswith="33.01.18.", source="import")
    assert imported.count() == 32  # 11 × 3, but Serang's 2024 score was typed in by hand
    assert not imported.filter(iks__isnull=True).exists()
    found = idm_evidence("33.01.18")
    assert (found.start_year, found.end_year, found.compared) == (2024, 2026, 11)
    assert found.level_totals == {"none": 4, "some": 3, "active": 4}
    assert not found.supported and found.conclusion.startswith("Belum dapat disimpulkan")
    assert Thread.objects.filter(network__cover_region__code="33.01.18").count() == 1
    training = Meeting.objects.get(title__startswith="Pelatihan pemasaran digital")
    assert training.time_range() == "09.00–12.00 WIB"  # a time a training takes place, not 22.00–01.00
    assert Practice.objects.get(village=serang).status == Practice.Status.PUBLISHED
    # Each cooperation and library feature has something believable to show.
    from cooperation.models import Agreement, ResourcePost, StaffExchange
    from knowledge.models import Adoption, Document
    from meetings.models import Minutes

    agreement = Agreement.objects.get()
    assert agreement.status == Agreement.Status.ACTIVE
    assert set(agreement.parties.values_list("village__region__code", flat=True)) == {"33.01.18.2006", "33.01.18.2005"}
    assert StaffExchange.objects.get().status == StaffExchange.Status.REQUESTED
    assert ResourcePost.objects.get().kind == ResourcePost.Kind.OFFER
    assert Document.objects.get().file.read().startswith(b"%PDF")
    minutes = Minutes.objects.get()
    assert minutes.closed_at is not None and minutes.meeting.attended_count == 2
    assert Adoption.objects.get().village.code == "33.01.18.2005"
    # Cilacap reviews in two steps, with a report waiting at each level, and a term ending soon.
    from reports.models import ActivityReport, ReportingSchedule

    assert ReportingSchedule.objects.get(kabupaten__code="33.01").review_chain == "two_step"
    waiting = dict(
        ActivityReport.objects.filter(status__in=["submitted", "verified"]).values_list(
            "village__region__code", "status"
        )
    )
    assert waiting == {"33.01.18.2006": "submitted", "33.01.18.2005": "verified"}
    assert ActivityReport.objects.get(status="submitted").days_waiting() == 9
    assert Official.objects.get(user__email="kaurkeu.serang@forumdesa.test").term_end is not None
    # Potentials, enterprises with their support, and the programme with its training and practice.
    from enterprises.models import Enterprise, Potential, Programme
    from enterprises.services import programme_figures

    assert Potential.objects.filter(village=serang).count() == 4
    assert Enterprise.objects.filter(village=serang).count() == 3
    assert Enterprise.objects.get(name="KUB Pandan Wangi").supports.count() == 2
    programme = Programme.objects.get(village=serang)
    assert programme_figures(programme) == {
        "trainings": 1,
        "attendees": 2,
        "enterprises": 3,
        "workers": 43,
        "practices": 1,
        "adoptions": 1,
        "adopting_villages": 1,
    }
    # Training questions with answers, a held training's evaluations, an open poll.
    from forums.models import Poll
    from meetings.models import Evaluation, RegistrationAnswer

    assert training.questions.count() == 3
    assert RegistrationAnswer.objects.filter(registration__meeting=training).count() == 3
    held = Meeting.objects.get(title__startswith="Pelatihan anyaman bambu")
    assert held.has_ended() and held.evaluators().count() == 3
    assert sorted(Evaluation.objects.filter(meeting=held).values_list("usefulness", flat=True)) == [4, 5]
    assert Evaluation.objects.filter(meeting=held, practice__isnull=False).count() == 1
    poll = Poll.objects.get()
    assert poll.is_open() and poll.votes.count() == 3 and poll.choices.count() == 3
    out = capsys.readouterr().out
    assert "sekdes.serang@forumdesa.test" in out and "desa-maju-2026" in out


def test_demo_data_is_refused_in_production(regions, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
