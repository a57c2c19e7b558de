"""The pages measured at national scale cost the same number of queries whatever the size of the data
outside the viewer's sight, and (on PostgreSQL) their hot queries can be answered from indexes.

The data is seed_scale's load on a made-up tree (province 99): one kabupaten whose first kecamatan
holds the representative users, and one or four more kecamatan of villages around it.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from knowledge.models import Practice
from meetings.models import Meeting
from regions.models import Region
from reports.models import ActivityReport

pytestmark = pytest.mark.django_db


def build_tree(kecamatan_count):
    province = Region.objects.create(code="99", name="PROVINSI UJI", level=1, kind="provinsi")
    kab = Region.objects.create(code="99.01", name="Kabupaten Uji", level=2, kind="kabupaten", parent=province)
    for k in range(kecamatan_count):
        kec = Region.objects.create(code=f"99.01.{k + 1:02}", name=f"Uji {k}", level=3, kind="kecamatan", parent=kab)
        for n in range(4):
            Region.objects.create(code=f"{kec.code}.200{n}", name=f"Desa {k}{n}", level=4, kind="desa", parent=kec)
    call_command("seed_scale", profile="kabupaten", region="99.01", i_know_this_is_scratch=True, verbosity=0)


@pytest.fixture(params=[2, 5], ids=["small", "larger"])
def scale_data(request, db, settings):
    build_tree(request.param)
    # The admin requires two-factor sign-in; seed_scale gives the admin the benchmark's authenticator.
    assert User.objects.get(email=ADMIN).authenticator_set.filter(type="totp").exists()
    return request.param


def signed_in(client, email):
    client.force_login(User.objects.get(email=email))
    return client


OFFICIAL = "sekdes.serang@forumdesa.test"
DPMD = "dpmd.cilacap@forumdesa.test"
PROVINCE = "provinsi.jateng@forumdesa.test"
ADMIN = "admin@forumdesa.test"

# (who, path, queries): the same count at both sizes.
PAGES = [
    (OFFICIAL, "/", 13),  # a manager: the terms ending within 60 days are one query more
    # Meetings in two steps, the page's ids then its rows (core.querysets.IdsThenRows).
    (OFFICIAL, "/rapat/", 9),
    (OFFICIAL, "/rapat/?waktu=lalu", 9),
    (DPMD, "/desa/", 6),
    # The library's count and filter form come from the cache once a reader has built them.
    (OFFICIAL, "/praktik/", 8),
    (OFFICIAL, "/praktik/?q=bank+sampah", 5),
    (DPMD, "/laporan/", 8),
    (PROVINCE, "/laporan/", 8),
    (ADMIN, "/admin/meetings/meeting/", 5),  # no date hierarchy: it read every meeting's year
    (ADMIN, "/admin/villages/official/", 7),
]


@pytest.mark.parametrize(("who", "path", "queries"), PAGES, ids=[p[1] for p in PAGES])
def test_page_costs_a_fixed_number_of_queries(scale_data, client, django_assert_num_queries, who, path, queries):
    client = signed_in(client, who)
    client.get(path, secure=True)  # caches (region filter choices) filled once, as in production
    with django_assert_num_queries(queries):
        response = client.get(path, secure=True)
    assert response.status_code == 200


@pytest.mark.parametrize("who", [OFFICIAL, DPMD, PROVINCE, "camat.cipari@forumdesa.test"])
def test_visible_meetings_are_exactly_those_the_rule_allows(scale_data, who):
    from meetings.rules import can_see_meeting, visible_meetings_q

    user = User.objects.get(email=who)
    listed = set(Meeting.objects.filter(visible_meetings_q(user)).values_list("pk", flat=True))
    assert listed == {m.pk for m in Meeting.objects.all() if can_see_meeting(user, m)}
    assert listed
    if who in (OFFICIAL, "camat.cipari@forumdesa.test"):  # the others cover the whole kabupaten
        assert len(listed) < Meeting.objects.count()


def test_meeting_filter_offers_only_the_villages_networks(scale_data, client):
    signed_in(client, OFFICIAL)
    response = client.get("/rapat/", secure=True)
    official = User.objects.get(email=OFFICIAL).positions.get()
    options = list(response.context["form"].fields["jaringan"].queryset)
    assert options and all(n.memberships.filter(village=official.village, state="active").exists() for n in options)
    other = Region.objects.get(code="99.01.02")
    assert f"Forum Kecamatan {other.name}" not in response.content.decode()
    assert f"Forum Kecamatan {official.village.region.parent.name}" in response.content.decode()


def test_directory_counts_officials_of_the_villages_shown(scale_data, client):
    signed_in(client, DPMD)
    response = client.get("/desa/", secure=True)
    rows = list(response.context["page"])
    assert rows and all(v.active_officials == v.officials.filter(status="active").count() for v in rows)


def test_practice_list_counts_adoptions_of_each_card(scale_data, client):
    signed_in(client, OFFICIAL)
    response = client.get("/praktik/", secure=True)
    cards = list(response.context["page"])
    assert cards and all(p.adoption_count == p.adoptions.count() for p in cards)
    assert len(cards) == min(20, Practice.objects.published().count())


@pytest.mark.parametrize("who", [DPMD, PROVINCE, "camat.cipari@forumdesa.test"])
def test_report_list_pages_show_the_whole_list_in_order(scale_data, client, who):
    """Page by page, the list is the reviewer's full ordering of the reports the rules let them see."""
    from reports import rules, views

    signed_in(client, who)
    user = User.objects.get(email=who)
    request = client.get("/laporan/", secure=True).wsgi_request
    _form, _reports, ordered, _annotated = views._filtered_reports(request)
    expected = list(ordered.values_list("pk", flat=True))
    assert set(expected) == {r.pk for r in ActivityReport.objects.all() if rules.can_see_report(user, r)}
    shown, number = [], 1
    while True:
        page = client.get(f"/laporan/?page={number}", secure=True).context["page"]
        shown += [report.pk for report in page]
        if not page.has_next():
            break
        number += 1
    assert shown == expected
    assert page.paginator.total_label == str(page.paginator.num_pages)  # the last page knows the end


def test_report_list_counts_only_a_few_pages_ahead(scale_data, client, monkeypatch):
    from core.paginators import WindowPaginator

    monkeypatch.setattr(WindowPaginator, "AHEAD", 1)
    signed_in(client, PROVINCE)
    total = ActivityReport.objects.count()
    page = client.get("/laporan/", secure=True).context["page"]
    assert total > 2 * 20 + 1
    assert page.paginator.capped and page.paginator.total_label == "3+"
    assert "Halaman 1 dari 3+" in client.get("/laporan/", secure=True).content.decode()


# ---- Plans (PostgreSQL): the per-row figures are counted for the rows shown, through an index ----

HOT = [
    (OFFICIAL, "/rapat/", "meetings_registration"),
    (OFFICIAL, "/", "meetings_registration"),
    (OFFICIAL, "/praktik/", "knowledge_adoption"),
    (DPMD, "/desa/", "villages_official"),
]


def plan_of(sql, params=()):
    with connection.cursor() as cursor:
        # The test tables are tiny, where reading everything (and hashing or merging it) is
        # cheapest; price that out to see whether the query's shape lets an index find the rows.
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin", "enable_material", "enable_memoize"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]["Plan"]


def whole_table_scans(plan, table):
    """Scan nodes of `table` that read it whole: sequential, or an index walked without a condition."""
    found = []
    if plan.get("Relation Name") == table:
        kind = plan["Node Type"]
        if kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in plan):
            found.append(f"{kind} {plan.get('Index Name', '')}".strip())
    for child in plan.get("Plans", []):
        found += whole_table_scans(child, table)
    return found


def relations(plan):
    return {plan.get("Relation Name")} | {r for child in plan.get("Plans", []) for r in relations(child)}


def counted_before_limit(plan, table, inside=False):
    """Whether rows of `table` are counted by an aggregate of the main query (once for every
    candidate row, before the LIMIT) rather than by a correlated subplan for each row shown."""
    inside = inside or plan.get("Parent Relationship") == "SubPlan"
    counts = any("count(" in out for out in plan.get("Output", []))
    if not inside and plan["Node Type"] == "Aggregate" and counts and table in relations(plan):
        return True
    return any(counted_before_limit(child, table, inside) for child in plan.get("Plans", []))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize(("who", "path", "table"), HOT, ids=[f"{h[1]} {h[2]}" for h in HOT])
def test_list_counts_only_the_rows_shown_through_an_index(db, client, who, path, table):
    build_tree(2)
    signed_in(client, who)
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as captured:
        client.get(path, secure=True)
    # The page's list: the query that reads the table for a page (its LIMIT, or the ids of a page
    # whose order was found first, listed).
    hot = [
        q["sql"]
        for q in captured.captured_queries
        if f'"{table}"' in q["sql"] and (" LIMIT " in q["sql"] or re.search(r'"id" IN \(\d', q["sql"]))
    ]
    assert hot, f"no list query reads {table}"
    for sql in hot:
        plan = plan_of(sql)
        assert not whole_table_scans(plan, table), (sql, plan)
        assert not counted_before_limit(plan, table), (sql, plan)


def node_types(plan):
    return [plan["Node Type"]] + [t for child in plan.get("Plans", []) for t in node_types(child)]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("who", [DPMD, PROVINCE])
def test_report_list_reaches_the_regions_reports_through_indexes(db, rf, who):
    """The page's ids and the pager's count find the region's villages by the region code's index and
    their reports by the report's village index, never by reading every report; the count reads no
    more rows than its window."""
    from reports import views

    build_tree(2)
    request = rf.get("/laporan/")
    request.user = User.objects.get(email=who)
    _form, reports, ordered, annotated = views._filtered_reports(request)
    page = views._page_of_reports(reports, ordered, annotated, 1)
    counting = page.paginator.counting_query()
    for queryset in (ordered.values_list("pk", flat=True)[: views.PAGE_SIZE], counting):
        plan = plan_of(*queryset.query.sql_with_params())
        assert not whole_table_scans(plan, "reports_activityreport"), plan
        assert not whole_table_scans(plan, "villages_region"), plan
        assert "Limit" in node_types(plan)
    # The count reads the region's rows by the code's index, ordered by code so that, where the
    # region is large, walking that index in order and stopping at the LIMIT is the cheap plan.
    assert "ORDER BY" in str(counting.query) and "code" in str(counting.query).split("ORDER BY")[-1]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_invitations_are_found_by_index(db):
    """Each arm of the audience UNION reaches meetings through an index on the audience."""
    build_tree(2)
    official = User.objects.get(email=OFFICIAL).positions.get()
    sql, params = Meeting.invitation_ids(official.village).query.sql_with_params()
    plan = plan_of(sql, params)
    assert not whole_table_scans(plan, "meetings_meeting"), plan


# ---- Replying in a thread: the readers are found through the network, never over every account ----


def _kecamatan_thread(official_user):
    from forums.models import Network, Thread

    village = official_user.positions.get().village
    network = Network.objects.for_village(village).filter(kind="kecamatan").get()
    return Thread.objects.filter(network=network).order_by("-last_post_at").first()


def test_reply_costs_a_fixed_number_of_queries(scale_data, client, django_assert_num_queries):
    signed_in(client, OFFICIAL)
    thread = _kecamatan_thread(User.objects.get(email=OFFICIAL))
    client.post(f"/diskusi/{thread.pk}/", {"body": "Pertama."}, secure=True)  # the author starts watching
    # 17: the post also updates its author's last_active_at (reports.participation).
    with django_assert_num_queries(17):
        response = client.post(f"/diskusi/{thread.pk}/", {"body": "Terima kasih, kami ikut mencoba."}, secure=True)
    assert response.status_code == 302
    assert thread.posts.filter(body="Terima kasih, kami ikut mencoba.").exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_thread_readers_are_found_by_index(db):
    from forums.discussions import network_readers

    build_tree(2)
    thread = _kecamatan_thread(User.objects.get(email=OFFICIAL))
    sql, params = network_readers(thread.network).query.sql_with_params()
    plan = plan_of(sql, params)
    assert not whole_table_scans(plan, "accounts_user"), plan
    assert not whole_table_scans(plan, "villages_official"), plan


def test_practice_region_filter_offers_provinces_then_the_chosen_provinces_kabupaten(scale_data, client):
    signed_in(client, OFFICIAL)
    choices = dict(client.get("/praktik/", secure=True).context["form"].fields["region"].widget.choices)
    assert "99" in choices and "99.01" not in choices
    chosen = client.get("/praktik/?region=99", secure=True)
    choices = dict(chosen.context["form"].fields["region"].widget.choices)
    assert choices["99.01"] == "— Kabupaten Uji"
    assert set(choices) == {"", "99", "99.01"}
    assert list(chosen.context["page"])


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _matches_below(plan):
    """Whether the full-text match is applied to knowledge_practice somewhere under this node."""
    return any(
        node.get("Relation Name") == "knowledge_practice"
        and any("@@" in str(node.get(key, "")) for key in ("Index Cond", "Filter", "Recheck Cond"))
        for node in _nodes(plan)
    )


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_search_ranks_only_a_capped_candidate_set_found_by_index(db, settings):
    from knowledge.search import RANK_CANDIDATES, search_practices

    build_tree(2)
    word = max(Practice.objects.published().first().title.split(), key=len)
    found = search_practices(Practice.objects.published(), word)
    sql, params = found.query.sql_with_params()
    assert f"LIMIT {RANK_CANDIDATES}" in sql
    plan = plan_of(sql, params)
    # The matches come from the GIN index, or from walking the published-date index newest first
    # (a common word: stopped by the LIMIT); never from reading the table itself.
    assert not [s for s in whole_table_scans(plan, "knowledge_practice") if s.startswith("Seq Scan")], plan
    assert any(_matches_below(node) for node in _nodes(plan) if node["Node Type"] == "Limit"), plan
    # Fewer matches than the cap: every match is ranked, the best first.
    matches = Practice.objects.published().filter(search_vector__isnull=False)
    assert found.count() == len(list(found)) <= matches.count()
    ranks = [p.rank for p in found]
    assert ranks and ranks == sorted(ranks, reverse=True)


# ---- Dashboards: active officials are counted from the stored last participation ----

DASHBOARD_REGIONS = ["99", "99.01", "99.01.01"]  # province, kabupaten, kecamatan


def _active_count_queries(code, now=None):
    from django.utils import timezone

    from reports.dashboards import region_dashboard

    region = Region.objects.get(code=code)
    now = now or timezone.now()
    today = timezone.localdate(now)
    with CaptureQueriesContext(connection) as captured:
        board = region_dashboard(region, today.replace(month=1, day=1), today, now=now)
    return board, [q["sql"] for q in captured.captured_queries if '"villages_official"' in q["sql"]]


@pytest.mark.parametrize("code", DASHBOARD_REGIONS)
def test_dashboard_counts_active_officials_in_one_query_as_the_live_definition(scale_data, code):
    from django.db.models import Count
    from django.utils import timezone

    from reports.dashboards import _group_path
    from tests.active_officials import live_active_officials

    board, queries = _active_count_queries(code)
    # One grouped query reads the officials, with no correlated EXISTS over registrations and posts.
    assert len(queries) == 1 and "EXISTS" not in queries[0].upper(), queries
    group = _group_path(board.region, "village")
    live = dict(
        live_active_officials(code, timezone.now()).values_list(group).annotate(n=Count("user_id", distinct=True))
    )
    assert {row["key"]: row["active_officials"] for row in board.rows if row["active_officials"]} == live
    assert live  # seed_scale filled last_active_at for its bulk rows


def subplans(plan):
    found = [plan["Subplan Name"]] if "Subplan Name" in plan else []
    return found + [name for child in plan.get("Plans", []) for name in subplans(child)]


def index_scans(plan, table):
    found = []
    if plan.get("Relation Name") == table and "Index Name" in plan and "Index Cond" in plan:
        found.append((plan["Node Type"], plan["Index Name"]))
    return found + [scan for child in plan.get("Plans", []) for scan in index_scans(child, table)]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("code", DASHBOARD_REGIONS)
def test_dashboard_active_officials_are_read_from_the_index_without_subplans(db, code):
    from django.utils import timezone

    from tests.active_officials import live_active_officials
    from villages.models import Official

    build_tree(2)
    # As on a live database, where the village's plain index would not do as well as on these few
    # rows: ended terms kept as history (twenty per position).
    Official.objects.bulk_create(
        Official(user_id=user, village_id=village, position_id=position, status=Official.Status.ENDED)
        for user, village, position in Official.objects.values_list("user_id", "village_id", "position_id")
        for _ in range(20)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE villages_official")
    now = timezone.now()
    _board, (sql,) = _active_count_queries(code, now)
    plan = plan_of(sql.replace("%", "%%"))  # the executed text: its LIKE pattern is no placeholder
    assert not subplans(plan), plan
    assert not whole_table_scans(plan, "villages_official"), plan
    # One range of the index per village: its own, the active ones since the date, user included.
    assert index_scans(plan, "villages_official") == [("Index Only Scan", "official_active_since")], plan
    # The former definition: a correlated subplan per source for every official.
    live_sql, params = live_active_officials(code, timezone.now()).query.sql_with_params()
    assert subplans(plan_of(live_sql, params))
