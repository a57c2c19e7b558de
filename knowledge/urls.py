from django.urls import path

from .views import documents, practices

app_name = "knowledge"
urlpatterns = [
    # The best-practice library and documents.
    path("praktik/", practices.practice_list, name="practice_list"),
    path("praktik/baru/", practices.practice_create, name="practice_create"),
    path("praktik/desa-saya/", practices.village_practices, name="village_practices"),
    path("praktik/kurasi/", practices.curation_queue, name="curation_queue"),
    path("praktik/topik/<slug:slug>/", practices.topic_detail, name="topic_detail"),
    path("praktik/sdgs/<int:number>/", practices.sdg_detail, name="sdg_detail"),
    path("praktik/<int:pk>/", practices.practice_detail, name="practice_detail"),
    path("praktik/<int:pk>/ubah/", practices.practice_edit, name="practice_edit"),
    path("praktik/<int:pk>/ajukan/", practices.practice_submit, name="practice_submit"),
    path("praktik/<int:pk>/kurasi/", practices.practice_review, name="practice_review"),
    path("praktik/<int:pk>/riwayat/", practices.practice_revisions, name="practice_revisions"),
    path("praktik/<int:pk>/terapkan/", practices.practice_adopt, name="practice_adopt"),
    path("praktik/<int:pk>/komentar/", practices.practice_comment, name="practice_comment"),
    path("praktik/<int:pk>/bermanfaat/", practices.practice_useful, name="practice_useful"),
    path("praktik/dari-evaluasi/<int:pk>/", practices.adopt_from_evaluation, name="adopt_from_evaluation"),
    path("praktik/penerapan/<int:pk>/ubah/", practices.adoption_edit, name="adoption_edit"),
    path("praktik/lampiran/<int:pk>/", practices.practice_attachment, name="practice_attachment"),
    path("dokumen/", documents.document_list, name="document_list"),
    path("dokumen/baru/", documents.document_create, name="document_create"),
    path("dokumen/<int:pk>/unduh/", documents.document_download, name="document_download"),
    path("dokumen/<int:pk>/hapus/", documents.document_delete, name="document_delete"),
]
