from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("daftar.<str:fmt>", views.report_export, name="export"),
    path("baru/", views.report_start, name="start"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("jadwal/<str:code>/", views.schedule_edit, name="schedule"),
    path("dasbor/", views.dashboard_home, name="dashboard"),
    path("dasbor/wilayah/<str:code>/", views.region_dashboard, name="region_dashboard"),
    path("dasbor/wilayah/<str:code>/tabel.<str:fmt>", views.region_dashboard, name="region_dashboard_export"),
    path("bukti/", views.evidence_home, name="evidence_home"),
    path("bukti/wilayah/<str:code>/", views.evidence_page, name="evidence"),
    path("dasbor/desa/<str:code>/", views.village_dashboard, name="village_dashboard"),
    path("dasbor/desa/<str:code>/tabel.<str:fmt>", views.village_dashboard, name="village_dashboard_export"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/ubah/", views.report_edit, name="edit"),
    path("<int:pk>/ajukan/", views.report_submit, name="submit"),
    path("<int:pk>/tinjau/", views.report_review, name="review"),
    path("<int:pk>/cetak/", views.report_print, name="print"),
]
