"""Where uploaded files live: the local disk by default, an S3-compatible bucket when
MEDIA_BUCKET is set (forumdesa/settings.py), so that several web nodes see the same files.

Two storages, both reached through Django's storage API (`storages["default"]` for public
pictures such as village logos, `storages["private"]` for attachments). Either way, every file
leaves through one of the site's own views: public pictures through core.views.public_media,
attachments through the permission-checking views. No page links to a bucket, so the
Content-Security-Policy keeps naming only the site itself.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """PRIVATE_MEDIA_ROOT, read from the settings at each use: no URL; files leave only through a
    permission-checking view."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT).resolve())

    def url(self, name):
        raise ValueError("Private files have no URL; serve them with core.uploads.serve_attachment.")


def bucket_storages(bucket, *, endpoint_url=None, region_name=None, access_key=None, secret_key=None):
    """The STORAGES entries for an S3-compatible bucket: public pictures under media/, attachments
    under private/, neither readable from the bucket without credentials."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region_name or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "default_acl": "private",
        "file_overwrite": False,
    }
    return {
        "default": {"BACKEND": "core.bucket.PublicBucketStorage", "OPTIONS": {**options, "location": "media"}},
        "private": {"BACKEND": "core.bucket.PrivateBucketStorage", "OPTIONS": {**options, "location": "private"}},
    }


LOCAL_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateStorage"},
}
