from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# pg_trgm's default (0.6) misses one-letter typos in longer surnames: "Vásqez" is 0.57
# word-similar to "Vásquez", "Ferández" 0.58 to "Fernández". See ADR 0012.
WORD_SIMILARITY_THRESHOLD = 0.5


def _prepare_search(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite gets the ``enlace_name_key`` PostgreSQL has from migration 0005; PostgreSQL
    gets the person search's word-similarity threshold, for the session."""
    if connection.vendor == "sqlite":
        from .search import name_key

        connection.connection.create_function("enlace_name_key", 3, name_key, deterministic=True)
    elif connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


class PeopleConfig(AppConfig):
    name = "enlace.people"
    verbose_name = _("People")

    def ready(self) -> None:
        connection_created.connect(_prepare_search, dispatch_uid="people-search")
        from . import scopes

        scopes.register()
