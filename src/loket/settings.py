"""Settings for Loket, read from the environment with safe defaults.

Embedded default: SQLite in ./var, no other services. Production: set
DATABASE_URL (PostgreSQL), SECRET_KEY, ALLOWED_HOSTS and leave DEBUG off.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from loket.transitions.climate import CLIMATE_ISCO_GROUPS

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LOKET_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt: zet SECRET_KEY in de omgeving, of DEBUG=1 voor ontwikkeling. "
            "(SECRET_KEY is missing: set it, or DEBUG=1 for development.)"
        )
    SECRET_KEY = "development-only-key-never-used-in-production-3f9a1c7e5b2d8046"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

# Serving over HTTPS is the production default; a developer on http://127.0.0.1
# runs with DEBUG=1, which switches the HTTPS-only protections off.
HTTPS = env_bool("LOKET_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("LOKET_BEHIND_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "loket.accounts.apps.LoketAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "loket.accounts.apps.AccountsConfig",
    "loket.taxonomy.apps.TaxonomyConfig",
    "loket.geography.apps.GeographyConfig",
    "loket.passport.apps.PassportConfig",
    "loket.credentials.apps.CredentialsConfig",
    "loket.vacancies.apps.VacanciesConfig",
    "loket.matching.apps.MatchingConfig",
    "loket.transitions.apps.TransitionsConfig",
    "loket.catalog.apps.CatalogConfig",
    "loket.fund.apps.FundConfig",
    "loket.ecosystem.apps.EcosystemConfig",
    "loket.monitor.apps.MonitorConfig",
    "loket.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.web.middleware.LanguageMiddleware",
    "loket.web.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "loket.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loket.web.context_processors.loket",
            ],
        },
    },
]

WSGI_APPLICATION = "loket.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'loket.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 30}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# npm installs the NL Design System CSS, htmx, Vega, Leaflet and axe-core here (see Makefile).
NODE_MODULES_DIR = PROJECT_DIR / "node_modules"
# Only the built CSS/JS of each package is served, not all of node_modules.
VENDOR_ASSETS = {
    "vendor/utrecht": "@utrecht/component-library-css/dist",
    "vendor/voorbeeld": "@nl-design-system-unstable/voorbeeld-design-tokens/dist",
    "vendor/htmx": "htmx.org/dist",
    # Charts, drawn in the browser from Vega-Lite specs the server writes: no internet needed.
    "vendor/vega": "vega/build",
    "vendor/vega-lite": "vega-lite/build",
    "vendor/vega-embed": "vega-embed/build",
    # The ecosystem map: Leaflet draws GeoJSON only (no tile server), so the map works offline.
    "vendor/leaflet": "leaflet/dist",
}
STATICFILES_DIRS = [
    (prefix, NODE_MODULES_DIR / folder) for prefix, folder in VENDOR_ASSETS.items() if (NODE_MODULES_DIR / folder).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

# The largest request body (besides uploaded files) Django reads. The catalogue API takes a whole
# import file as the body, and Django's default of 2.5 MB would refuse there what the import page
# takes as an upload; catalog/forms.py uses this same limit for the page, so both doors take one size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "loket@localhost")

# Where `loket demo` and `loket import-esco` look for a full ESCO release when
# no path is given; empty means: use the small sample taxonomy in the package.
LOKET_ESCO_PATH = os.environ.get("LOKET_ESCO_PATH", "")
# The loket's public address (https://loket.example.nl), used in links that leave the loket, such as
# the status list inside a signed credential; without it the address of the request is used.
LOKET_BASE_URL = os.environ.get("LOKET_BASE_URL", "").rstrip("/")
# Seconds a process keeps its matching index before reading changes made by other processes.
# Payouts to a provider above this amount need two different fund administrators' approval (four eyes).
LOKET_FUND_APPROVAL_THRESHOLD_CENTS = int(os.environ.get("LOKET_FUND_APPROVAL_THRESHOLD_CENTS", "250000"))
# The highest value of one voucher; a coach cannot hand out more than this at once.
LOKET_FUND_VOUCHER_MAX_CENTS = int(os.environ.get("LOKET_FUND_VOUCHER_MAX_CENTS", "250000"))
LOKET_MATCH_INDEX_MAX_AGE = int(os.environ.get("LOKET_MATCH_INDEX_MAX_AGE", "300"))
# CBS boundaries (gebiedsindelingen) on PDOK's OGC API Features, for `loket import-boundaries` without files.
LOKET_PDOK_URL = os.environ.get("LOKET_PDOK_URL", "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1").rstrip("/")
# CBS StatLine open data for `loket import-statline` without a file: the classic OData v3 API
# (https://opendata.cbs.nl/ODataApi/odata) or the OData v4 one (https://datasets.cbs.nl/odata/v1/CBS); the
# service document of the table says which it is.
LOKET_CBS_ODATA_URL = os.environ.get("LOKET_CBS_ODATA_URL", "https://opendata.cbs.nl/ODataApi/odata").rstrip("/")
# Boundary files `loket demo` imports: folders with gemeente_<year>.geojson and arbeidsmarktregio_<year>.geojson,
# or files, separated by ':'. Empty: the map uses a generated base.
LOKET_BOUNDARIES_PATH = os.environ.get("LOKET_BOUNDARIES_PATH", "")
# Where the nightly batch match runs: empty for a local Dask cluster, or a scheduler address (tcp://host:8786).
LOKET_DASK_SCHEDULER = os.environ.get("LOKET_DASK_SCHEDULER", "")
# ISCO-08 groups whose occupations always count as climate-transition work, beside those with
# enough green skills (comma-separated; a prefix covers its children; see loket/transitions/climate.py).
LOKET_CLIMATE_ISCO_GROUPS = tuple(
    group.strip() for group in os.environ.get("LOKET_CLIMATE_ISCO_GROUPS", ",".join(CLIMATE_ISCO_GROUPS)).split(",") if group.strip()
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
