"""Settings for hocvuso, read from the environment only.

Every knob has a working development default so that `make run` needs nothing else.
Production sets at least SECRET_KEY, DEBUG=0, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The campaign area: which province and which of its communes/wards the platform serves.
# "tra-vinh" is the area of the former Trà Vinh province inside today's Vĩnh Long (code 86);
# any province works with "province:<code>" or an explicit "wards:<code>,<code>,...".
HOCVUSO_AREA = env_str("HOCVUSO_AREA", "tra-vinh")
HOCVUSO_AREA_NAME = env_str("HOCVUSO_AREA_NAME", "")

# Sign-in through an OpenID Connect provider (VNeID-style identity, issue 4 §3; docs/sign-in.md).
# Off while the issuer is empty. The label defaults to the translated "Sign in with VNeID"; the
# national-ID claim names the claim carrying the 12-digit CCCD number, when the provider gives one.
HOCVUSO_OIDC_ISSUER = env_str("HOCVUSO_OIDC_ISSUER", "")
HOCVUSO_OIDC_CLIENT_ID = env_str("HOCVUSO_OIDC_CLIENT_ID", "")
HOCVUSO_OIDC_CLIENT_SECRET = env_str("HOCVUSO_OIDC_CLIENT_SECRET", "")
HOCVUSO_OIDC_SCOPES = env_str("HOCVUSO_OIDC_SCOPES", "openid profile")
HOCVUSO_OIDC_LABEL = env_str("HOCVUSO_OIDC_LABEL", "")
HOCVUSO_OIDC_NATIONAL_ID_CLAIM = env_str("HOCVUSO_OIDC_NATIONAL_ID_CLAIM", "national_id")
HOCVUSO_OIDC_TIMEOUT = env_int("HOCVUSO_OIDC_TIMEOUT", 10)  # seconds, per request to the provider

# Certificates (docs/certificates.md): the public address printed in QR codes and proofs, the
# number prefix ("TV-2026-000123") and the issuer named on the PDF and in the signed credential.
# Trà Vinh merged into Vĩnh Long on 1 July 2025: the issuer is a department of Vĩnh Long.
HOCVUSO_PUBLIC_URL = env_str("HOCVUSO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
HOCVUSO_CERTIFICATE_PREFIX = env_str("HOCVUSO_CERTIFICATE_PREFIX", "TV")  # certificates.constants.DEFAULT_NUMBER_PREFIX
HOCVUSO_CERTIFICATE_ISSUER = env_str("HOCVUSO_CERTIFICATE_ISSUER", "Sở Khoa học và Công nghệ tỉnh Vĩnh Long")

# VNeID confirmations (docs/vneid.md): where each certificate is sent. An empty endpoint turns
# sending off (new confirmations stay "not sent" and offices export files by hand). The callback
# secret authenticates the receiver's POST /api/v1/vneid/callback; empty turns the callback off.
HOCVUSO_VNEID_ENDPOINT = env_str("HOCVUSO_VNEID_ENDPOINT", "")
HOCVUSO_VNEID_TOKEN = env_str("HOCVUSO_VNEID_TOKEN", "")
HOCVUSO_VNEID_MAX_TRIES = env_int("HOCVUSO_VNEID_MAX_TRIES", 8)
HOCVUSO_VNEID_TIMEOUT = env_int("HOCVUSO_VNEID_TIMEOUT", 10)  # seconds
HOCVUSO_VNEID_CALLBACK_SECRET = env_str("HOCVUSO_VNEID_CALLBACK_SECRET", "")

# Plan 67 footnote 7: one mentor guides 5 learners at a time (campaign.constants.DEFAULT_MENTOR_CAP).
HOCVUSO_MENTOR_CAP = env_int("HOCVUSO_MENTOR_CAP", 5)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "hocvuso.geo",
    "hocvuso.accounts",
    "hocvuso.framework",
    "hocvuso.people",
    "hocvuso.learning",
    "hocvuso.assessment",
    "hocvuso.certificates",
    "hocvuso.campaign",
    "hocvuso.kpi",
    "hocvuso.api",
    "hocvuso.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages are compressed for cheap phones on slow links (issue 3: <= 60 KB per learner page).
    # BREACH: Django masks the CSRF token per response, and pages carry no other secret.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hocvuso.web.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hocvuso.web.context_processors.platform",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL in production via DATABASE_URL.
DATA_DIR = Path(env_str("HOCVUSO_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hocvuso.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while an import writes; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=10000;"
            "PRAGMA foreign_keys=ON;PRAGMA cache_size=-65536;PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("HOCVUSO_TEST_SQLITE", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hocvuso.accounts.backends.PhoneOrNationalIdBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# django-axes: lock an account+IP after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Count failures per account however the phone/CCCD was written (accounts/backends.py).
AXES_USERNAME_CALLABLE = "hocvuso.accounts.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/lockout.html"
AXES_VERBOSE = False

# Sessions, cookies and CSRF, hardened.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Languages: Vietnamese by default, Khmer and English switchable.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("km", "ភាសាខ្មែរ"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
HOCVUSO_MAX_UPLOAD_BYTES = env_int("HOCVUSO_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)

# Jobs: Celery with Redis in production; without REDIS_URL the same tasks run in-process.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# "thread": in-process jobs run on a background thread so web requests return at once;
# "sync": they run inside the caller (tests, management commands).
HOCVUSO_INPROCESS_JOBS = env_str("HOCVUSO_INPROCESS_JOBS", "thread")
# Periodic jobs, for `celery -A config beat` (cron can run the management commands instead).
CELERY_BEAT_SCHEDULE = {
    "send-vneid-confirmations": {"task": "certificates.send_vneid", "schedule": 60.0},  # docs/vneid.md
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
