"""Load the reference CSV files into the database.

``reference_load`` reads and checks every file first (``loader.read_dir``); if any line of
any file is wrong, nothing is written and ``ReferenceDataError`` lists every problem (up to
20 per file). Otherwise it upserts all rows in one transaction, syncs the link tables, and
records one audit event per file. Running it again updates rows in place; it never deletes
a row of a reference table (other data may point at it). Loaders registered by higher apps
(``extensions.reference_loader_register``) run last, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext, gettext_noop

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .extensions import reference_loaders
from .loader import DATA_DIR, SPECS, FileSpec, Problem, read_dir
from .models import (
    Agency,
    Consulate,
    County,
    Language,
    Municipality,
    Office,
    Port,
    ReceptionPoint,
    Sector,
    State,
)

_BATCH_SIZE = 500

# file -> model whose rows it holds
TABLES: dict[str, type[models.Model]] = {
    "states.csv": State,
    "municipalities.csv": Municipality,
    "languages.csv": Language,
    "sectors.csv": Sector,
    "ports.csv": Port,
    "reception_points.csv": ReceptionPoint,
    "counties.csv": County,
    "consulates.csv": Consulate,
    "agencies.csv": Agency,
    "offices.csv": Office,
}
# file of links -> (owner model, many-to-many field, owner column, other column, owner file)
LINKS: dict[str, tuple[type[models.Model], str, str, str, str]] = {
    "reception_point_ports.csv": (
        ReceptionPoint,
        "ports",
        "reception_point",
        "port",
        "reception_points.csv",
    ),
    "consular_districts.csv": (
        Consulate,
        "district",
        "consulate_code",
        "county_fips",
        "consulates.csv",
    ),
}

PROBLEMS = {
    "missing_file": gettext_noop("the file is missing"),
    "encoding": gettext_noop("the file is not UTF-8 text"),
    "too_many": gettext_noop("more than %(limit)d problems; the rest are not listed"),
    "missing_column": gettext_noop("this column is missing from the header"),
    "unknown_column": gettext_noop("this column is not expected in the header"),
    "repeated_column": gettext_noop("this column appears more than once in the header"),
    "cell_count": gettext_noop("the line has %(found)d cells but the header has %(expected)d"),
    "required": gettext_noop("a value is required"),
    "too_long": gettext_noop('"%(value)s" is longer than %(max)d characters'),
    "format": gettext_noop('"%(value)s" is not %(what)s'),
    "choice": gettext_noop('"%(value)s" is not one of %(choices)s'),
    "integer": gettext_noop('"%(value)s" is not a whole number between %(min)d and %(max)d'),
    "latitude": gettext_noop('"%(value)s" is not a latitude between %(min)s and %(max)s'),
    "longitude": gettext_noop('"%(value)s" is not a longitude between %(min)s and %(max)s'),
    "boolean": gettext_noop('"%(value)s" is not true or false'),
    "date": gettext_noop('"%(value)s" is not a date written YYYY-MM-DD'),
    "time_zone": gettext_noop('"%(value)s" is not an IANA time zone'),
    "unknown_code": gettext_noop('"%(value)s" is not a code in %(target)s'),
    "duplicate": gettext_noop('"%(value)s" already appears on line %(other)d'),
    "prefix": gettext_noop('"%(value)s" does not start with "%(prefix)s"'),
}
FORMATS = {
    "inegi_state": gettext_noop("a two-digit INEGI state code"),
    "curp_state": gettext_noop("a two-letter CURP state code"),
    "cvegeo": gettext_noop("a five-digit INEGI municipality key"),
    "fips": gettext_noop("a five-digit county FIPS code"),
    "cbp_port": gettext_noop("a four-digit CBP port code"),
    "sector_code": gettext_noop("a three-letter sector code"),
    "agency_code": gettext_noop("an agency code in capitals, e.g. CBP-OFO"),
    "slug": gettext_noop("a code in lower case with dashes, e.g. cd-juarez"),
    "iso639": gettext_noop("a three-letter ISO 639 code"),
}


class ReferenceDataError(Exception):
    """The reference files were refused; ``messages`` says why, one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def problem_message(problem: Problem) -> str:
    """Turn a loader problem into a translated sentence naming file, line and field."""
    params = dict(problem.params)
    if "what" in params:
        params["what"] = gettext(FORMATS[params["what"]])
    context = {
        "file": problem.file,
        "line": problem.line,
        "field": problem.field,
        "problem": gettext(PROBLEMS[problem.code]) % params,
    }
    if problem.line is None:
        return gettext("%(file)s: %(problem)s") % context
    if problem.field is None:
        return gettext("%(file)s, line %(line)d: %(problem)s") % context
    return gettext('%(file)s, line %(line)d, field "%(field)s": %(problem)s') % context


def reference_load(*, data_dir: Path | None = None, actor: Any = None) -> dict[str, int]:
    """Check and load every reference file; return the number of rows per file.

    Raises ``ReferenceDataError`` (and writes nothing) if any file has a problem.
    """
    data, problems = read_dir(Path(data_dir) if data_dir else DATA_DIR)
    if problems:
        raise ReferenceDataError([problem_message(p) for p in problems])
    with transaction.atomic():
        for spec in SPECS:
            _write_file(spec, data)
        counts = {spec.name: len(data[spec.name]) for spec in SPECS}
        for name, rows in counts.items():
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                subject=("reference.file", name),
                detail={"rows": rows},
            )
        # the loaders of higher apps (extensions.py), which audit their own files: in this
        # transaction, so a refusal there writes nothing here either
        for _name, loader in reference_loaders():
            counts.update(loader(actor))
    return counts


def _write_file(spec: FileSpec, data: Mapping[str, list[dict[str, Any]]]) -> None:
    rows = data[spec.name]
    if spec.name in LINKS:
        model, field_name, owner_col, other_col, owner_file = LINKS[spec.name]
        owners = {row[model._meta.pk.attname] for row in data[owner_file]}
        pairs = {(row[owner_col], row[other_col]) for row in rows}
        _sync_links(model, field_name, owners, pairs)
        return
    model = TABLES[spec.name]
    _upsert(model, spec, rows)
    for column in spec.columns:
        if column.many and column.attribute:
            owners = {row[model._meta.pk.attname] for row in rows}
            pairs = {
                (row[model._meta.pk.attname], other)
                for row in rows
                for other in row[column.attribute]
            }
            _sync_links(model, column.attribute, owners, pairs)


def _upsert(model: type[models.Model], spec: FileSpec, rows: Iterable[dict[str, Any]]) -> None:
    attributes = [c.attribute for c in spec.columns if c.attribute and not c.many]
    pk = model._meta.pk
    objects = [model(**{a: row[a] for a in attributes}) for row in rows]
    update_fields = [model._meta.get_field(a).name for a in attributes if a != pk.attname]
    model._default_manager.bulk_create(
        objects,
        batch_size=_BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[pk.name],
        update_fields=update_fields,
    )


def _sync_links(
    model: type[models.Model], field_name: str, owners: set[str], pairs: set[tuple[str, str]]
) -> None:
    """Make the links of ``owners`` in ``field_name`` exactly ``pairs``."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.ManyToManyField) or field.remote_field.through is None:
        raise TypeError(f"{model.__name__}.{field_name} is not a many-to-many field")
    through = field.remote_field.through
    manager = through._default_manager
    owner_attr = f"{field.m2m_field_name()}_id"
    other_attr = f"{field.m2m_reverse_field_name()}_id"
    existing = set(
        manager.filter(**{f"{owner_attr}__in": owners}).values_list(owner_attr, other_attr)
    )
    stale: dict[str, list[str]] = defaultdict(list)
    for owner, other in existing - pairs:
        stale[owner].append(other)
    for owner, others in stale.items():
        manager.filter(**{owner_attr: owner, f"{other_attr}__in": others}).delete()
    manager.bulk_create(
        [through(**{owner_attr: o, other_attr: t}) for o, t in pairs - existing],
        batch_size=_BATCH_SIZE,
        ignore_conflicts=True,
    )
