"""Production settings plus what only the benchmark needs: a query-count header and a bare view.

Used by bench/run.py through DJANGO_SETTINGS_MODULE=bench.settings; never in a deployment.
"""

from forumdesa.settings import *  # noqa: F403

MIDDLEWARE = ["bench.middleware.query_count", *MIDDLEWARE]  # noqa: F405
ROOT_URLCONF = "bench.urls"
