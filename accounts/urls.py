from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("notifikasi/", views.notification_list, name="notifications"),
    path("notifikasi/baca-semua/", views.notifications_read_all, name="notifications_read_all"),
    path("notifikasi/pengaturan/", views.notification_settings, name="notification_settings"),
    path("notifikasi/<int:pk>/", views.notification_open, name="notification_open"),
]
