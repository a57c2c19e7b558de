from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notifikasi/", views.notification_list, name="list"),
    path("notifikasi/baca-semua/", views.notifications_read_all, name="read_all"),
    path("notifikasi/pengaturan/", views.notification_settings, name="settings"),
    path("notifikasi/push/langganan/", views.push_subscribe, name="push_subscribe"),
    path("notifikasi/push/berhenti/", views.push_unsubscribe, name="push_unsubscribe"),
    path("notifikasi/<int:pk>/", views.notification_open, name="open"),
]
