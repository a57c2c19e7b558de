from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    # The Kemendagri tree: browse and search every region.
    path("wilayah/", views.region_list, name="region_list"),
    path("wilayah/cari/", views.region_search, name="region_search"),
    path("wilayah/<str:code>/", views.region_detail, name="region_detail"),
]
