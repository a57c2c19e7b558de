import pytest
from django.core.management import call_command
from django.templatetags.static import static

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.slow
def test_collectstatic_gives_hashed_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    call_command("collectstatic", interactive=False, verbosity=0)

    for name in ["bootstrap/css/bootstrap.min.css", "css/forumdesa.css"]:
        url = static(name)
        assert url != f"/static/{name}", "the URL carries a content hash"
        hashed = tmp_path / url.removeprefix("/static/")
        assert hashed.exists()
        assert hashed.with_name(hashed.name + ".gz").exists()


def test_settings_use_the_production_storage():
    from forumdesa import settings as project_settings

    assert project_settings.STORAGES["staticfiles"]["BACKEND"] == PRODUCTION_STORAGE
