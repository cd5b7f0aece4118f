"""The person search's name key and its trigram index (PostgreSQL).

``enlace_name_key(given, paternal, maternal)`` is the full name in upper case with the
accents of Spanish (and ñ) folded, as ``enlace.people.search.name_key`` computes it in Python
(SQLite registers that one on each connection).
It is computed from the name columns, never stored: the intake writes persons with COPY and
has nothing more to fill. A GIN ``gin_trgm_ops`` index on it serves substring (``LIKE``) and
typo-tolerant (``<%``, word similarity) matches. See ADR 0012.
"""

from django.db import migrations

ACCENTED = "áéíóúüñÁÉÍÓÚÜÑ"
PLAIN = "aeiouunAEIOUUN"

# Cheap on purpose: every candidate row of a trigram search evaluates it again (the index's
# recheck), so no regular expressions (they cost 5 to 10 times more per row); particles and
# punctuation stay, the Python side splits words. Only IMMUTABLE functions inside, so the
# planner inlines it. ``upper`` under the "C" collation touches ASCII letters only: the same
# result on every server, whatever its locale.
CREATE = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION enlace_name_key(given text, paternal text, maternal text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT upper(translate(
    coalesce(given, '') || ' ' || coalesce(paternal, '') || ' ' || coalesce(maternal, ''),
    '{ACCENTED}', '{PLAIN}'
) COLLATE "C")
$$;
CREATE INDEX IF NOT EXISTS person_name_key_trgm ON people_person
    USING gin (enlace_name_key(given_names, paternal_surname, maternal_surname) gin_trgm_ops);
"""

DROP = """
DROP INDEX IF EXISTS person_name_key_trgm;
DROP FUNCTION IF EXISTS enlace_name_key(text, text, text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_curp_unique_where_known")]
    operations = [migrations.RunPython(forwards, backwards)]
