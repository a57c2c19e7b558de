from django.urls import path

from enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("usaha/", views.catalogue, name="catalogue"),
    path("usaha/baru/", views.enterprise_create, name="enterprise_create"),
    path("usaha/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("usaha/<int:pk>/ubah/", views.enterprise_edit, name="enterprise_edit"),
    path("usaha/<int:pk>/dukungan/", views.support_add, name="support_add"),
    path("usaha/desa/<str:code>/", views.village_economy, name="village"),
    path("usaha/potensi/baru/", views.potential_create, name="potential_create"),
    path("usaha/potensi/<int:pk>/ubah/", views.potential_edit, name="potential_edit"),
    path("usaha/potensi/<int:pk>/hapus/", views.potential_delete, name="potential_delete"),
    path("usaha/program/", views.programme_list, name="programme_list"),
    path("usaha/program/baru/", views.programme_create, name="programme_create"),
    path("usaha/program/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("usaha/program/<int:pk>/ubah/", views.programme_edit, name="programme_edit"),
]
