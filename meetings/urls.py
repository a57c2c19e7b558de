from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("tindak-lanjut/", views.my_action_items, name="my_action_items"),
    path("tindak-lanjut/<int:pk>/status/", views.action_item_status, name="action_item_status"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/ubah/", views.meeting_edit, name="edit"),
    path("<int:pk>/batalkan/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/daftar/", views.register, name="register"),
    path("<int:pk>/batal-daftar/", views.unregister, name="unregister"),
    path("<int:pk>/pendaftar/", views.registrations, name="registrations"),
    path("<int:pk>/pendaftar.<str:fmt>", views.registrations_export, name="registrations_export"),
    path("<int:pk>/presensi/", views.attendance, name="attendance"),
    path("<int:pk>/hadir/<str:token>/", views.checkin, name="checkin"),
    path("<int:pk>/notulen/", views.minutes_edit, name="minutes"),
    path("<int:pk>/tindak-lanjut/", views.action_item_add, name="action_item_add"),
    path("<int:pk>/kalender.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/jawaban/", views.answers_edit, name="answers"),
    path("<int:pk>/pertanyaan/", views.questions, name="questions"),
    path("pertanyaan/<int:pk>/ubah/", views.question_edit, name="question_edit"),
    path("pertanyaan/<int:pk>/hapus/", views.question_delete, name="question_delete"),
    path("<int:pk>/evaluasi/", views.evaluate, name="evaluate"),
    path("<int:pk>/evaluasi/ringkasan/", views.evaluation_summary, name="evaluation_summary"),
]
