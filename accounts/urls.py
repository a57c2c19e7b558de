from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/data-saya.json", views.my_data, name="my_data"),
    path("profil/hapus-akun/", views.delete_account, name="delete_account"),
]
