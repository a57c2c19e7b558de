from django.urls import path

from .views import lookup, officials, villages

app_name = "villages"
urlpatterns = [
    # Member villages: directory, public page, profile and IDM editing.
    path("pilih-tempat/", lookup.lookup_options, name="lookup"),
    path("desa/", villages.village_directory, name="village_directory"),
    path("desa/<str:code>/", villages.village_detail, name="village_detail"),
    path("desa/<str:code>/ubah/", villages.village_edit, name="village_edit"),
    path("desa/<str:code>/idm/", villages.village_idm, name="village_idm"),
    # Officials: directory, joining, decisions, terms and invitations.
    path("perangkat/", officials.official_directory, name="official_directory"),
    path("gabung/", officials.join_village, name="join_village"),
    path("persetujuan/", officials.pending_approvals, name="pending_approvals"),
    path("desa/<str:code>/perangkat/", officials.manage_officials, name="manage_officials"),
    path("desa/<str:code>/undang/", officials.invite_official, name="invite_official"),
    path("perangkat/<int:pk>/putuskan/", officials.decide_official, name="decide_official"),
    path("perangkat/<int:pk>/akhiri/", officials.end_term, name="end_term"),
    path("perangkat/<int:pk>/batalkan/", officials.withdraw_request, name="withdraw_request"),
    path("undangan/<str:token>/", officials.accept_invitation, name="accept_invitation"),
]
