"""ForumDesa settings, driven by the environment.

With no environment set the site runs on SQLite in var/, Celery uses kombu's filesystem transport
in var/, the cache is local memory and email is written to files in var/mail/. Set DATABASE_URL
and REDIS_URL to run on PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from core.storage import LOCAL_STORAGES, bucket_storages

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (in development: DEBUG=1).")
    SECRET_KEY = "django-insecure-forumdesa-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ROOT = env.str("SITE_ROOT", default="http://127.0.0.1:8000")
SITE_NAME = "ForumDesa"
# Web Push (notifications.push): without both keys the push channel is hidden. A fresh pair:
# `python manage.py vapid_keys`. The subject is a mailto: or https: contact for push services.
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:admin@forumdesa.local")
# Push services are reached over https only; plain http is for development and tests.
PUSH_ALLOW_HTTP_ENDPOINTS = DEBUG

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "auditlog",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "forumdesa",
    # The project's apps, bottom to top: each imports only from those above it in this list.
    "core",
    "regions",
    "accounts",
    "notifications",
    "villages",
    "forums",
    "meetings",
    "cooperation",
    "knowledge",
    "enterprises",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed for phones on slow links (static files come precompressed from whitenoise,
    # above). BREACH: the only secret in our pages is the CSRF token, which Django masks afresh in
    # every response, and the middleware pads each gzip body with random bytes (Heal the Breach).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.replica.RecentWriteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    # Who and from which address, for the audit trail (core.audit) and django-auditlog's entries.
    "core.audit.AuditContextMiddleware",
    # Database errors in a view become a 503 "try again" page (process_exception).
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, so that its 404 page is rendered with everything the templates expect on the request.
    "core.middleware.reject_nul_bytes",
]

ROOT_URLCONF = "forumdesa.urls"
WSGI_APPLICATION = "forumdesa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'forumdesa.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Web, worker and beat share the file: wait for a lock instead of failing at once.
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A read replica (optional): the dashboards and directories marked @replica_reads read from it,
# never a browser that wrote within REPLICA_STICKY_SECONDS (core/replica.py).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the broker and the cache in production; without it, a local cache and the
# filesystem transport keep the whole stack runnable on one machine.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, with a per-process stand-in while it is down (see core/cache.py): sign-in and
            # its rate limits keep working through an outage.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="forumdesa"),
            # An unreachable Redis must cost a request a moment, not a worker's whole timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "forumdesa",
        }
    }

CELERY_DIR = VAR_DIR / "celery"
CELERY_DIR.mkdir(parents=True, exist_ok=True)  # beat keeps its schedule here, whatever the broker
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    for sub in ("queue", "processed", "results", "control"):
        (CELERY_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
# Deployments (or test runs) sharing one Redis keep their tasks apart with a queue name of their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DIR / "beat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Periodic scans; scheduled work is data, and each scan catches up on whatever a pause left due.
SCAN_INTERVAL_SECONDS = env.float("SCAN_INTERVAL_SECONDS", default=60.0)
# core.scheduler: a claim not finished within the timeout is taken to belong to a dead worker; one
# run stops claiming after the time budget so that runs do not pile up behind each other.
SCHEDULER_CLAIM_TIMEOUT = env.int("SCHEDULER_CLAIM_TIMEOUT", default=300)
SCHEDULER_TIME_BUDGET = env.float("SCHEDULER_TIME_BUDGET", default=45.0)
# Small batches, so that the workers a backlog fans out to (SCHEDULER_FAN_OUT extra scans) share it evenly.
SCHEDULER_BATCH_SIZE = env.int("SCHEDULER_BATCH_SIZE", default=100)
SCHEDULER_FAN_OUT = env.int("SCHEDULER_FAN_OUT", default=3)
SCHEDULER_MAX_ATTEMPTS = env.int("SCHEDULER_MAX_ATTEMPTS", default=5)
# core.scheduler: on PostgreSQL a delivery's commit does not wait for the disk unless this is set (see _relax_commit).
SCHEDULER_DURABLE_COMMIT = env.bool("SCHEDULER_DURABLE_COMMIT", default=False)
CELERY_BEAT_SCHEDULE = {
    "scheduler": {"task": "core.tasks.run_due_jobs", "schedule": SCAN_INTERVAL_SECONDS},
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ForumDesa] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# The address the limits count: behind the TLS-terminating proxy (one by default when DEBUG is
# off) it is the last hop the proxy appended to X-Forwarded-For, not the proxy's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Counted in the cache, so they hold across web processes when Redis is the cache.
# Failed sign-ins are limited per address and per account *from that address* (the adapter puts
# the address in the key): a stranger's wrong passwords cannot lock an official out elsewhere.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "change_phone": "1/m/user",
}

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes, open to
# everyone; admins and district staff must turn it on before the admin, report review and
# official approval pages (accounts.middleware.TwoFactorRequiredMiddleware).
# Security keys and passkeys (WebAuthn) too: a passkey alone signs in, from the sign-in page.
# allauth's WebAuthn script is a static file reading its settings from JSON blocks, within the CSP.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# WebAuthn needs HTTPS, except on localhost; the development server speaks plain HTTP.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_FORMS = {"add_webauthn": "accounts.forms.AddWebAuthnForm"}
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_TOTP_ISSUER = "ForumDesa"
# A code is accepted in its own 30-second window and the one after it: on a slow link a code typed in
# the last seconds of its window reaches the server in the next (RFC 6238 allows one step of drift).
# allauth remembers a used code for the length of its windows, so it still works only once.
MFA_TOTP_TOLERANCE = 1

# Audit trail: decisions are written by core.audit.record(); django-auditlog keeps the field changes
# of the models below (only fields that say what someone may do, never personal details, so that
# deleting an account leaves no copy of them here).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "accounts.user", "include_fields": ["is_active", "is_staff", "is_superuser"]},
    {"model": "accounts.staffrole", "include_fields": ["user", "region", "title", "is_active"]},
    {
        "model": "villages.official",
        "include_fields": ["user", "village", "position", "status", "term_start", "term_end", "decided_by"],
    },
    {"model": "reports.activityreport", "include_fields": ["status"]},
    {"model": "cooperation.agreement", "include_fields": ["status", "closed_by"]},
)

# Email: files in var/mail/ by default, SMTP when EMAIL_URL is set (smtp+tls://user:pass@host:587).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ForumDesa <noreply@forumdesa.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(environ.Env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Attachments (core.uploads): outside MEDIA_ROOT, never under a URL; only permission-checking
# views read them.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
# Uploaded files through Django's storage API (core/storage.py): this machine's disk by default;
# with MEDIA_BUCKET set, an S3-compatible bucket (django-storages) that every web node and worker
# shares, public pictures under media/ and attachments under private/.
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
if MEDIA_BUCKET:
    _media_storages = bucket_storages(
        MEDIA_BUCKET,
        endpoint_url=env.str("MEDIA_BUCKET_ENDPOINT_URL", default=""),
        region_name=env.str("MEDIA_BUCKET_REGION", default=""),
        access_key=env.str("MEDIA_BUCKET_ACCESS_KEY", default=""),
        secret_key=env.str("MEDIA_BUCKET_SECRET_KEY", default=""),
    )
else:
    _media_storages = LOCAL_STORAGES
STORAGES = {
    **_media_storages,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: strict when DEBUG is off (behind a TLS-terminating proxy).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only the site's own scripts, styles, pictures and fonts.
# No 'unsafe-inline': templates carry no inline <script>, <style> or style attributes (pinned by
# tests/forumdesa/test_security_headers.py). Pictures may be data: URIs (Bootstrap's form icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
