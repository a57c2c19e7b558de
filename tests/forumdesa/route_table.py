"""What each actor gets from each route: for GET and for POST, one status per actor, in the order
of route_world.ACTORS:

    anonymous unapproved official kecamatan province manager staff_in staff_out admin

200/400/403/404/405 are the answer's status (400: the empty POST is not a valid request); L is a
redirect to the sign-in, R a redirect elsewhere (after a change, or to turn on two-factor sign-in).
The arguments build the URL from the world in route_world.py: "name" is that object's pk,
"name.attr" an attribute of it, "=text" the text itself.
"""

SKIPPED = {
    "admin:*": "the Django admin's own pages: behind admin:index (its row below), all is_staff-only",
    "account_*": "django-allauth's own sign-in, sign-up and e-mail pages (tests/accounts cover ours)",
    "mfa_*": "django-allauth's two-factor pages (tests/accounts/test_two_factor.py)",
}

# Columns: anonymous unapproved official kecamatan province manager staff_in staff_out admin
# fmt: off
ROUTES = {
    "home": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "healthz": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "405 405 405 405 405 405 405 405 405"),  # POST
    "manifest": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "405 405 405 405 405 405 405 405 405"),  # POST
    "service_worker": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "405 405 405 405 405 405 405 405 405"),  # POST
    "set_language": ((),
        "405 405 405 405 405 405 405 405 405",  # GET
        "  R   R   R   R   R   R   R   R   R"),  # POST

    "accounts:profile": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "accounts:my_data": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "accounts:delete_account": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST

    "notifications:list": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "notifications:read_all": ((),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L   R   R   R   R   R   R   R   R"),  # POST
    "notifications:settings": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "notifications:open": (('notification',),
        "  L 404   R 404 404 404 404 404 404",  # GET
        "  L 404   R 404 404 404 404 404 404"),  # POST
    "notifications:push_subscribe": ((),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 400 400 400 400 400 400 400 400"),  # POST
    "notifications:push_unsubscribe": ((),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 400 400 400 400 400 400 400 400"),  # POST

    "regions:region_list": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "regions:region_search": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "regions:region_detail": (('=33.01.18',),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST

    "villages:lookup": ((),
        "  L 404 404 404 404 404 404 404 404",  # GET
        "  L 405 405 405 405 405 405 405 405"),  # POST
    "villages:village_directory": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "villages:village_detail": (('serang.region.code',),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "villages:village_edit": (('serang.region.code',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404   R   R 404   R"),  # POST
    "villages:village_idm": (('serang.region.code',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "villages:official_directory": ((),
        "  L 403 200 200 200 200 200 200 200",  # GET
        "  L 403 200 200 200 200 200 200 200"),  # POST
    "villages:join_village": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "villages:pending_approvals": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "villages:manage_officials": (('serang.region.code',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "villages:invite_official": (('serang.region.code',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "villages:decide_official": (('pending',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "villages:end_term": (('official_row',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404   R 404 404   R"),  # POST
    "villages:withdraw_request": (('pending',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L   R 404 404 404 404 404 404 404"),  # POST
    "villages:accept_invitation": (('invitation.token',),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200   R 200 200 200 200   R   R   R"),  # POST

    "forums:network_list": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "forums:network_create": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "forums:network_detail": (('network.slug',),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "forums:network_edit": (('network.slug',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "forums:network_members": (('network.slug',),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "forums:network_request_join": (('network.slug',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404   R   R   R 404 404 404"),  # POST
    "forums:network_decide": (('membership',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404   R 404 404   R"),  # POST
    "forums:network_leave": (('membership',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "forums:network_remove": (('membership',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "forums:thread_list": (('kecamatan_network.slug',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:thread_create": (('kecamatan_network.slug',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:report_queue": (('kecamatan_network.slug',),
        "  L 404 404 404 404 404 200 404 200",  # GET
        "  L 404 404 404 404 404 200 404 200"),  # POST
    "forums:thread_detail": (('thread',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:thread_watch": (('thread',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404   R   R 404   R   R 404   R"),  # POST
    "forums:thread_moderate": (('thread',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "forums:post_edit": (('reply',),
        "  L 404 404 404 404 200 404 404 404",  # GET
        "  L 404 404 404 404 200 404 404 404"),  # POST
    "forums:post_report": (('reply',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:post_moderate": (('reply',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404   R 404   R"),  # POST
    "forums:report_resolve": (('post_report',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404   R 404   R"),  # POST
    "forums:attachment_download": (('post_attachment',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:poll_list": (('kecamatan_network.slug',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:poll_create": (('kecamatan_network.slug',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:poll_detail": (('poll',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "forums:poll_vote": (('poll',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 400 400 404 400 400 404 400"),  # POST

    "cooperation:agreement_list": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "cooperation:agreement_create": ((),
        "  L 404 404 200 200 200 404 404 404",  # GET
        "  L 404 404 200 200 200 404 404 404"),  # POST
    "cooperation:agreement_detail": (('agreement',),
        "  L 404 200 404 404 200 200 200 200",  # GET
        "  L 404 200 404 404 200 200 200 200"),  # POST
    "cooperation:agreement_edit": (('agreement',),
        "  L 404 404 404 404 404 404 404 404",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:party_add": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:party_edit": (('party',),
        "  L 404 404 404 404 404 404 404 404",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:party_remove": (('party',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:funding_add": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:funding_remove": (('funding',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:agreement_propose": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:agreement_confirm": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:agreement_complete": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404   R 404 404   R"),  # POST
    "cooperation:agreement_terminate": (('agreement',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "cooperation:milestone_add": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "cooperation:milestone_edit": (('milestone',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "cooperation:update_add": (('agreement',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 200 404 404 200 404 404 200"),  # POST
    "cooperation:agreement_photo": (('photo',),
        "  L 404 200 404 404 200 200 200 200",  # GET
        "  L 404 200 404 404 200 200 200 200"),  # POST
    "cooperation:regulation_edit": (('agreement',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST
    "cooperation:regulation_document": (('agreement',),
        "  L 404 200 404 404 200 200 200 200",  # GET
        "  L 404 200 404 404 200 200 200 200"),  # POST
    "cooperation:region_agreements": (('=33.01.18',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "cooperation:village_agreements": (('serang.region.code',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "cooperation:exchange_list": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "cooperation:exchange_create": ((),
        "  L 404 404 200 200 200 404 404 404",  # GET
        "  L 404 404 200 200 200 404 404 404"),  # POST
    "cooperation:exchange_detail": (('exchange',),
        "  L 404 200 404 404 200 200 200 200",  # GET
        "  L 404 200 404 404 200 200 200 200"),  # POST
    "cooperation:exchange_decide": (('exchange',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:exchange_cancel": (('exchange',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404   R 404 404 404"),  # POST
    "cooperation:exchange_report": (('exchange',),
        "  L 404 404 404 404 404 404 404 404",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "cooperation:resource_list": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "cooperation:resource_create": ((),
        "  L 404 200 200 200 200 404 404 404",  # GET
        "  L 404 200 200 200 200 404 404 404"),  # POST
    "cooperation:resource_detail": (('resource',),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 404 200 200 404 200 200 200"),  # POST
    "cooperation:resource_close": (('resource',),
        "  L 404 404 404 404 200 404 404 200",  # GET
        "  L 404 404 404 404 200 404 404 200"),  # POST

    "knowledge:practice_list": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:practice_create": ((),
        "  L 404 200 200 200 200 404 404 404",  # GET
        "  L 404 200 200 200 200 404 404 404"),  # POST
    "knowledge:village_practices": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "knowledge:curation_queue": ((),
        "  L 404 404 404 404 404 200 200 200",  # GET
        "  L 404 404 404 404 404 200 200 200"),  # POST
    "knowledge:topic_detail": (('topic.slug',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:sdg_detail": (('=1',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:practice_detail": (('practice',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 405 405 405 405 405 405 405 405"),  # POST
    "knowledge:practice_edit": (('practice',),
        "  L 404 200 404 404 200 404 404 200",  # GET
        "  L 404 200 404 404 200 404 404 200"),  # POST
    "knowledge:practice_submit": (('draft_practice',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404   R 404 404   R 404 404 404"),  # POST
    "knowledge:practice_review": (('practice',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "knowledge:practice_revisions": (('practice',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:practice_adopt": (('practice',),
        "  L 404 404   R 200 404 404 404 404",  # GET
        "  L 404 404   R 200 404 404 404 404"),  # POST
    "knowledge:practice_comment": (('practice',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 400 400 400 400 400 400 400"),  # POST
    "knowledge:practice_useful": (('practice',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404   R   R   R   R 404 404 404"),  # POST
    "knowledge:adoption_edit": (('adoption',),
        "  L 404 404 200 404 404 404 404 200",  # GET
        "  L 404 404 200 404 404 404 404 200"),  # POST
    "knowledge:practice_attachment": (('practice_attachment',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:document_list": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:document_create": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "knowledge:document_download": (('document',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "knowledge:document_delete": (('document',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404   R"),  # POST
    "knowledge:adopt_from_evaluation": (('evaluation',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404   R 404   R   R 404   R"),  # POST

    "meetings:list": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "meetings:create": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "meetings:preferences": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "meetings:my_action_items": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "meetings:action_item_status": (('action_item',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404   R 404 404   R   R 404   R"),  # POST
    "meetings:calendar_feed": (('preference.feed_token',),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "meetings:attachment": (('minutes_attachment',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "meetings:detail": (('meeting',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "meetings:edit": (('meeting',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:cancel": (('meeting',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404   R   R 404   R"),  # POST
    "meetings:register": (('meeting',),
        "  L 404   R   R 404   R   R 404   R",  # GET
        "  L 404   R   R 404   R   R 404   R"),  # POST
    "meetings:unregister": (('meeting',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404   R   R 404   R   R 404   R"),  # POST
    "meetings:registrations": (('meeting',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:registrations_export": (('meeting', '=csv'),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:attendance": (('meeting',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:checkin": (('meeting', 'checkin_token'),
        "  L 404 403 403 404 403 403 404 403",  # GET
        "  L 404 403 403 404 403 403 404 403"),  # POST
    "meetings:minutes": (('meeting',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:action_item_add": (('meeting',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:ics": (('meeting',),
        "  L 404 200 200 404 200 200 404 200",  # GET
        "  L 404 200 200 404 200 200 404 200"),  # POST
    "meetings:questions": (('upcoming_training',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:question_edit": (('question',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST
    "meetings:question_delete": (('question',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404   R   R 404   R"),  # POST
    "meetings:answers": (('upcoming_training',),
        "  L 404 200 404 404 404 404 404 404",  # GET
        "  L 404 200 404 404 404 404 404 404"),  # POST
    "meetings:evaluate": (('held_training',),
        "  L 404 200 200 404 404 404 404 404",  # GET
        "  L 404 200 200 404 404 404 404 404"),  # POST
    "meetings:evaluation_summary": (('held_training',),
        "  L 404 404 404 404 200 200 404 200",  # GET
        "  L 404 404 404 404 200 200 404 200"),  # POST

    "reports:list": ((),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "reports:export": (('=csv',),
        "  L 404 200 200 200 200 200 200 200",  # GET
        "  L 404 200 200 200 200 200 200 200"),  # POST
    "reports:start": ((),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "reports:attachment": (('report_attachment',),
        "  L 404 200 404 404 200 200 404 200",  # GET
        "  L 404 200 404 404 200 200 404 200"),  # POST
    "reports:schedule": (('=33.01',),
        "  L 404 404 404 404 404 404 404 200",  # GET
        "  L 404 404 404 404 404 404 404 200"),  # POST
    "reports:dashboard": ((),
        "  L 404   R   R   R   R   R   R   R",  # GET
        "  L 404   R   R   R   R   R   R   R"),  # POST
    "reports:region_dashboard": (('=33.01.18',),
        "  L 404 404 404 404 404 200 404 200",  # GET
        "  L 404 404 404 404 404 200 404 200"),  # POST
    "reports:region_dashboard_export": (('=33.01.18', '=csv'),
        "  L 404 404 404 404 404 200 404 200",  # GET
        "  L 404 404 404 404 404 200 404 200"),  # POST
    "reports:village_dashboard": (('serang.region.code',),
        "  L 404 200 404 404 200 200 404 200",  # GET
        "  L 404 200 404 404 200 200 404 200"),  # POST
    "reports:village_dashboard_export": (('serang.region.code', '=csv'),
        "  L 404 200 404 404 200 200 404 200",  # GET
        "  L 404 200 404 404 200 200 404 200"),  # POST
    "reports:detail": (('report',),
        "  L 404 200 404 404 200 200 404 200",  # GET
        "  L 404 200 404 404 200 200 404 200"),  # POST
    "reports:edit": (('report',),
        "  L 404 404 404 404 404 404 404 404",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "reports:submit": (('report',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 404 404 404"),  # POST
    "reports:review": (('report',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404 404 400 404 400"),  # POST
    "reports:print": (('report',),
        "  L 404 200 404 404 200 200 404 200",  # GET
        "  L 404 200 404 404 200 200 404 200"),  # POST
    "reports:evidence_home": ((),
        "  L 404 404 404 404 404   R   R   R",  # GET
        "  L 404 404 404 404 404   R   R   R"),  # POST
    "reports:evidence": (('=33.01.18',),
        "  L 404 404 404 404 404 200 404 200",  # GET
        "  L 404 404 404 404 404 200 404 200"),  # POST

    "enterprises:catalogue": ((),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "enterprises:village": (('serang.region.code',),
        "200 200 200 200 200 200 200 200 200",  # GET
        "200 200 200 200 200 200 200 200 200"),  # POST
    "enterprises:enterprise_create": ((),
        "  L 404 404 200 200 200 404 404 404",  # GET
        "  L 404 404 200 200 200 404 404 404"),  # POST
    "enterprises:enterprise_detail": (('enterprise',),
        "404 404 200 404 404 200 200 404 200",  # GET
        "404 404 404 404 404 404 200 404 200"),  # POST
    "enterprises:enterprise_edit": (('enterprise',),
        "  L 404 404 404 404 200 404 404 404",  # GET
        "  L 404 404 404 404 200 404 404 404"),  # POST
    "enterprises:support_add": (('enterprise',),
        "  L 404 404 404 404 200 404 404 404",  # GET
        "  L 404 404 404 404 200 404 404 404"),  # POST
    "enterprises:potential_create": ((),
        "  L 404 404 200 200 200 404 404 404",  # GET
        "  L 404 404 200 200 200 404 404 404"),  # POST
    "enterprises:potential_edit": (('potential',),
        "  L 404 404 404 404 200 404 404 404",  # GET
        "  L 404 404 404 404 200 404 404 404"),  # POST
    "enterprises:potential_delete": (('potential',),
        "  L 405 405 405 405 405 405 405 405",  # GET
        "  L 404 404 404 404   R 404 404 404"),  # POST
    "enterprises:programme_list": ((),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "enterprises:programme_create": ((),
        "  L 404 404 200 200 200 404 404 404",  # GET
        "  L 404 404 200 200 200 404 404 404"),  # POST
    "enterprises:programme_detail": (('programme',),
        "  L 200 200 200 200 200 200 200 200",  # GET
        "  L 200 200 200 200 200 200 200 200"),  # POST
    "enterprises:programme_edit": (('programme',),
        "  L 404 404 404 404 200 404 404 404",  # GET
        "  L 404 404 404 404 200 404 404 404"),  # POST

    "audit_log": ((),
        "  L 404 404 404 404 404 200 200 200",  # GET
        "  L 404 404 404 404 404 200 200 200"),  # POST

    "admin_login": ((),
        "  L 403 403 403 403 403 403 403   R",  # GET
        "  L 403 403 403 403 403 403 403   R"),  # POST

    "admin:index": ((),
        "  L   L   L   L   L   L   L   L 200",  # GET
        "  L   L   L   L   L   L   L   L 200"),  # POST

    "public_media": (('=desa/tidak-ada.png',),
        "404 404 404 404 404 404 404 404 404",  # GET
        "405 405 405 405 405 405 405 405 405"),  # POST
}
# fmt: on
