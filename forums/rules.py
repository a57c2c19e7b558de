"""May this user see or change a network (forum komunikasi), its membership, threads and posts.

A network's page (about, member villages) is open to every signed-in official and district staff
member, so villages can find networks to join. Its discussions are for the network's people only:
active officials of its active member villages, its coordinators, and staff whose scope covers a
member village. Coordinators are the users listed on the network, plus, for a kecamatan's default
network, the staff whose scope covers that kecamatan.

Each get_…_or_404 takes a `rule` for what the user is about to do, in place of seeing the object:
reading a network's discussions does not need its page (a listed coordinator may have no role left).
Whatever the rule, a missing object and a forbidden one are the same 404.
"""

from django.http import Http404

from forums.models import Network, NetworkMembership, Poll, Post, PostAttachment, PostReport, Thread
from villages.roles import is_village_manager, roles


def network_member_codes(network):
    """Region codes of the network's active member villages, loaded once per network and request."""
    codes = getattr(network, "_member_codes", None)
    if codes is None:
        codes = list(network.memberships.filter(state="active").values_list("village__region__code", flat=True))
        network._member_codes = codes
    return codes


def is_network_coordinator(user, network):
    r = roles(user)
    if not user.is_authenticated:
        return False
    if r.is_admin:
        return True
    cached = getattr(network, "_coordinator_ids", None)
    if cached is None:
        cached = set(network.coordinators.values_list("pk", flat=True))
        network._coordinator_ids = cached
    if user.pk in cached:
        return True
    return network.kind == "kecamatan" and network.cover_region_id is not None and r.covers(network.cover_region.code)


def can_see_networks(user):
    """The network list and pages: officials, district staff and admins."""
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_see_network(user, network):
    return can_see_networks(user)


def can_read_network(user, network):
    """Read and write the network's discussions."""
    r = roles(user)
    if not user.is_authenticated:
        return False
    if is_network_coordinator(user, network):
        return True
    codes = network_member_codes(network)
    if r.is_official and r.official.village.region.code in codes:
        return True
    return any(r.covers(code) for code in codes)


def can_create_network(user):
    """Thematic networks: active officials (their village joins first) and district staff."""
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_request_membership(user, network, village):
    """A village's manager asks to join (or accepts an invitation, or leaves) for their village."""
    return is_village_manager(user, village)


def can_decide_membership(user, membership):
    """A request is decided by the network's coordinators; an invitation by the village's managers."""
    if membership.state == "requested":
        return is_network_coordinator(user, membership.network)
    if membership.state == "invited":
        return is_village_manager(user, membership.village) or roles(user).is_admin
    return False


def can_leave_network(user, membership):
    return membership.state == "active" and (is_village_manager(user, membership.village) or roles(user).is_admin)


def can_remove_from_network(user, membership):
    return membership.state == "active" and is_network_coordinator(user, membership.network)


def can_read_thread(user, thread):
    if not can_read_network(user, thread.network):
        return False
    return not thread.is_hidden or is_network_coordinator(user, thread.network)


def can_reply(user, thread):
    return can_read_thread(user, thread) and not thread.is_locked


def can_edit_post(user, post):
    """Authors edit their own posts while they can still read the thread and it is not locked."""
    return post.author_id == user.pk and not post.is_hidden and can_reply(user, post.thread)


def can_moderate(user, thread):
    """Pin, lock and hide threads and posts; see and handle reports."""
    return is_network_coordinator(user, thread.network)


def can_see_post(user, post):
    """A hidden post's text and files are for coordinators only."""
    if not can_read_thread(user, post.thread):
        return False
    return not post.is_hidden or is_network_coordinator(user, post.thread.network)


def can_handle_post_report(user, report):
    return is_network_coordinator(user, report.post.thread.network)


def can_vote(user, poll, now=None):
    """The network's people vote once while the poll is open (the view knows whether they did)."""
    return poll.is_open(now) and can_read_network(user, poll.network)


# ---- Fetching what the user may see ----


def get_network_or_404(user, slug, *, rule=can_see_network):
    """By default the network's page; can_read_network for its discussions."""
    network = Network.objects.select_related("cover_region").filter(slug=slug).first()
    if network is None or not rule(user, network):
        raise Http404
    return network


def get_membership_or_404(user, pk, *, rule):
    """A village's membership row, for those who see network pages and whom `rule` allows."""
    if not can_see_networks(user):
        raise Http404
    membership = (
        NetworkMembership.objects.select_related("network__cover_region", "village__region").filter(pk=pk).first()
    )
    if membership is None or not rule(user, membership):
        raise Http404
    return membership


def get_thread_or_404(user, pk, *, rule=can_read_thread):
    thread = Thread.objects.select_related("network__cover_region").filter(pk=pk).first()
    if thread is None or not rule(user, thread):
        raise Http404
    return thread


def get_post_or_404(user, pk, *, rule=can_see_post):
    post = Post.objects.select_related("thread__network__cover_region", "author").filter(pk=pk).first()
    if post is None or not rule(user, post):
        raise Http404
    return post


def get_post_attachment_or_404(user, pk):
    attachment = PostAttachment.objects.select_related("post__thread__network__cover_region").filter(pk=pk).first()
    if attachment is None or not can_see_post(user, attachment.post):
        raise Http404
    return attachment


def get_post_report_or_404(user, pk, *, rule=can_handle_post_report):
    report = PostReport.objects.select_related("post__thread__network__cover_region").filter(pk=pk).first()
    if report is None or not rule(user, report):
        raise Http404
    return report


def get_poll_or_404(user, pk):
    """A poll, for the people of its network only (see can_read_network)."""
    poll = Poll.objects.select_related("network__cover_region", "created_by").filter(pk=pk).first()
    if poll is None or not can_read_network(user, poll.network):
        raise Http404
    return poll
