from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    # Cooperation agreements (kerja sama antar desa).
    path("kerja-sama/", views.agreement_list, name="agreement_list"),
    path("kerja-sama/baru/", views.agreement_create, name="agreement_create"),
    path("kerja-sama/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("kerja-sama/<int:pk>/ubah/", views.agreement_edit, name="agreement_edit"),
    path("kerja-sama/<int:pk>/pihak/", views.party_add, name="party_add"),
    path("kerja-sama/pihak/<int:pk>/", views.party_edit, name="party_edit"),
    path("kerja-sama/pihak/<int:pk>/hapus/", views.party_remove, name="party_remove"),
    path("kerja-sama/<int:pk>/dana/", views.funding_add, name="funding_add"),
    path("kerja-sama/dana/<int:pk>/hapus/", views.funding_remove, name="funding_remove"),
    path("kerja-sama/<int:pk>/ajukan/", views.agreement_propose, name="agreement_propose"),
    path("kerja-sama/<int:pk>/konfirmasi/", views.agreement_confirm, name="agreement_confirm"),
    path("kerja-sama/<int:pk>/selesai/", views.agreement_complete, name="agreement_complete"),
    path("kerja-sama/<int:pk>/hentikan/", views.agreement_terminate, name="agreement_terminate"),
    path("kerja-sama/<int:pk>/tahapan/", views.milestone_add, name="milestone_add"),
    path("kerja-sama/tahapan/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("kerja-sama/<int:pk>/kabar/", views.update_add, name="update_add"),
    path("kerja-sama/foto/<int:pk>/", views.agreement_photo, name="agreement_photo"),
    path("kerja-sama/<int:pk>/peraturan/", views.regulation_edit, name="regulation_edit"),
    path("kerja-sama/<int:pk>/peraturan/dokumen/", views.regulation_document, name="regulation_document"),
    path("wilayah/<str:code>/kerja-sama/", views.agreement_list, name="region_agreements"),
    path("desa/<str:code>/kerja-sama/", views.agreement_list, name="village_agreements"),
    # Staff exchanges (pertukaran perangkat).
    path("pertukaran/", views.exchange_list, name="exchange_list"),
    path("pertukaran/baru/", views.exchange_create, name="exchange_create"),
    path("pertukaran/<int:pk>/", views.exchange_detail, name="exchange_detail"),
    path("pertukaran/<int:pk>/putuskan/", views.exchange_decide, name="exchange_decide"),
    path("pertukaran/<int:pk>/batalkan/", views.exchange_cancel, name="exchange_cancel"),
    path("pertukaran/<int:pk>/laporan/", views.exchange_report, name="exchange_report"),
    # The resource board (berbagi sumber daya).
    path("berbagi/", views.resource_list, name="resource_list"),
    path("berbagi/baru/", views.resource_create, name="resource_create"),
    path("berbagi/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("berbagi/<int:pk>/tutup/", views.resource_close, name="resource_close"),
]
