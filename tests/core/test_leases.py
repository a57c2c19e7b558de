"""One scheduler tick at a time, whichever machine's beat sends it: core.leases."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from core import leases
from core.models import Lease
from core.tasks import TICK_LEASE, run_due_jobs

pytestmark = pytest.mark.django_db


def test_a_free_lease_is_taken_once_and_given_back():
    first = leases.acquire("tick", 60)
    assert first is not None
    assert leases.acquire("tick", 60) is None
    assert leases.release("tick", first)
    second = leases.acquire("tick", 60)
    assert second is not None and second != first


def test_a_lease_whose_holder_died_is_free_once_it_expires():
    dead = leases.acquire("tick", 60)
    with time_machine.travel(timezone.now() + timedelta(seconds=59)):
        assert leases.acquire("tick", 60) is None
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        taker = leases.acquire("tick", 60)
        assert taker is not None
        # The late holder's release must not free the lease it no longer holds.
        assert not leases.release("tick", dead)
        assert Lease.objects.get(name="tick").holder == taker


def test_leases_are_independent_by_name():
    assert leases.acquire("a", 60) and leases.acquire("b", 60)


def test_a_tick_that_finds_the_lease_held_sends_nothing(monkeypatch):
    ran = []
    monkeypatch.setattr("core.scheduler.run_due", lambda: ran.append(1) or {})
    token = leases.acquire(TICK_LEASE, 60)
    assert run_due_jobs.run() is None
    assert ran == []
    leases.release(TICK_LEASE, token)
    assert run_due_jobs.run() == {}
    assert ran == [1]
    # The tick gave its lease back.
    assert Lease.objects.get(name=TICK_LEASE).holder is None


def test_send_due_refuses_while_a_tick_runs():
    leases.acquire(TICK_LEASE, 60)
    with pytest.raises(CommandError, match="Another scheduler tick"):
        call_command("send_due")


@pytest.mark.django_db(transaction=True)
def test_of_many_processes_racing_for_a_free_lease_exactly_one_wins():
    racers = 8
    barrier = threading.Barrier(racers)
    won = []

    def race():
        from django.db import connection as own

        try:
            barrier.wait()
            for _ in range(100):
                try:
                    won.append(leases.acquire("race", 60))
                    return
                except OperationalError as error:
                    # SQLite's in-memory test database shares one cache between the threads, where
                    # a competing writer fails at once instead of waiting (a file database waits).
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        finally:
            own.close()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == racers
    assert len([token for token in won if token is not None]) == 1
    assert Lease.objects.get(name="race").holder in won
