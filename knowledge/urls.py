from django.urls import path

from .views import discussions

app_name = "knowledge"
urlpatterns = [
    # ---- Discussions in networks ----
    path("jaringan/<slug:slug>/diskusi/", discussions.thread_list, name="thread_list"),
    path("jaringan/<slug:slug>/diskusi/baru/", discussions.thread_create, name="thread_create"),
    path("jaringan/<slug:slug>/laporan-pesan/", discussions.report_queue, name="report_queue"),
    path("diskusi/<int:pk>/", discussions.thread_detail, name="thread_detail"),
    path("diskusi/<int:pk>/pantau/", discussions.thread_watch, name="thread_watch"),
    path("diskusi/<int:pk>/moderasi/", discussions.thread_moderate, name="thread_moderate"),
    path("diskusi/pesan/<int:pk>/ubah/", discussions.post_edit, name="post_edit"),
    path("diskusi/pesan/<int:pk>/laporkan/", discussions.post_report, name="post_report"),
    path("diskusi/pesan/<int:pk>/moderasi/", discussions.post_moderate, name="post_moderate"),
    path("diskusi/laporan/<int:pk>/selesai/", discussions.report_resolve, name="report_resolve"),
    path("diskusi/lampiran/<int:pk>/", discussions.attachment_download, name="attachment_download"),
]
