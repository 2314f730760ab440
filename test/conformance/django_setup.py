"""The Django settings every Python driver of the conformance tests starts from, in one place.

A driver calls setup_django(...) with what it needs on top of the shared settings (databases,
caches, URLs, middleware) before it imports anything that needs the settings; postgres_database
and sqlite_database build a DATABASES entry the way each driver connects. The shared settings
are Django 3.2's defaults except SECRET_KEY, spelled out so every driver runs on the same ones.
Drivers live in subfolders: each puts this folder on sys.path before importing it.
"""
import django
from django.conf import settings

SHARED = {"SECRET_KEY": "conformance", "DEBUG": False, "INSTALLED_APPS": [], "USE_TZ": False}


def postgres_database(pg, **extra):
    """The test's PostgreSQL server ({"host", "port", "user"}), through psycopg2."""
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": pg["user"], "HOST": pg["host"], "PORT": str(pg["port"])}
    database.update(extra)
    return database


def sqlite_database(path, timeout_s, **extra):
    """A SQLite file; a statement waits up to timeout_s for another connection's lock."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": {"timeout": timeout_s}}
    database.update(extra)
    return database


def setup_django(**overrides):
    """settings.configure() with the shared settings and the driver's own, then django.setup()."""
    settings.configure(**dict(SHARED, **overrides))
    django.setup()
