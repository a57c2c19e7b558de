"""The S3-compatible bucket storages (django-storages), imported only when MEDIA_BUCKET is set:
see core/storage.py for why both send every file through the site's own views."""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PublicBucketStorage(S3Storage):
    """Public pictures (village logos): their URL is the site's media route, which reads the bucket."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)


class PrivateBucketStorage(S3Storage):
    """Attachments under their own prefix: no URL at all, not even a signed one."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; serve them with core.uploads.serve_attachment.")
