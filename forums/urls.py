from django.urls import path

from .views import discussions, networks, polls

app_name = "forums"
urlpatterns = [
    # Networks (forum komunikasi) and their members.
    path("jaringan/", networks.network_list, name="network_list"),
    path("jaringan/baru/", networks.network_create, name="network_create"),
    path("jaringan/<slug:slug>/", networks.network_detail, name="network_detail"),
    path("jaringan/<slug:slug>/ubah/", networks.network_edit, name="network_edit"),
    path("jaringan/<slug:slug>/anggota/", networks.network_members, name="network_members"),
    path("jaringan/<slug:slug>/gabung/", networks.request_join, name="network_request_join"),
    path("keanggotaan/<int:pk>/putuskan/", networks.decide, name="network_decide"),
    path("keanggotaan/<int:pk>/keluar/", networks.leave, name="network_leave"),
    path("keanggotaan/<int:pk>/keluarkan/", networks.remove, name="network_remove"),
    # Discussions in a network.
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
    # Quick polls in a network.
    path("jaringan/<slug:slug>/jajak-pendapat/", polls.poll_list, name="poll_list"),
    path("jaringan/<slug:slug>/jajak-pendapat/baru/", polls.poll_create, name="poll_create"),
    path("jajak-pendapat/<int:pk>/", polls.poll_detail, name="poll_detail"),
    path("jajak-pendapat/<int:pk>/pilih/", polls.poll_vote, name="poll_vote"),
]
