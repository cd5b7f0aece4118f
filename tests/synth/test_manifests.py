"""Daily manifests: well formed, conforming unless listed, each listed row breaking its rule."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from enlace.repatriation.core.manifest import COLUMNS, Catalog, read_manifest_csv
from enlace.synth import RULES

from .conftest import read_rows
from .oracle import family_breaks, row_breaks

FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})_([a-z0-9-]+)\.csv$")


def _manifest_rows(folder: Path) -> list[dict[str, str]]:
    return [row for path in sorted((folder / "manifests").iterdir()) for row in read_rows(path)]


@pytest.mark.parametrize("run", ["wide_run", "default_run"])
def test_every_manifest_file_is_well_formed(
    run: str, catalog: Catalog, request: pytest.FixtureRequest
) -> None:
    """read_manifest_csv accepts every file, so every row not listed in violations.csv
    (and every listed one too) conforms to the manifest format."""
    folder: Path = request.getfixturevalue(run)
    listed = {v["record_id"] for v in read_rows(folder / "violations.csv")}
    unlisted = 0
    for path in sorted((folder / "manifests").iterdir()):
        with path.open("rb") as stream:
            result = read_manifest_csv(stream, catalog=catalog)
        assert result.errors == [], (path.name, result.errors[:3])
        unlisted += sum(1 for row in result.rows if row.record_id not in listed)
    assert unlisted > 0


def test_files_are_one_sending_office_a_day(wide_run: Path) -> None:
    """manifests/<YYYY-MM-DD>_<office>.csv holds the rows of manifest <office>-<YYYYMMDD>,
    in the manifest columns; record ids are unique across the whole output."""
    seen: set[str] = set()
    for path in (wide_run / "manifests").iterdir():
        match = FILE_NAME.match(path.name)
        assert match, path.name
        year, month, day, office = match.groups()
        rows = read_rows(path)
        assert rows
        assert list(rows[0]) == list(COLUMNS)
        assert {r["manifest_id"] for r in rows} == {f"{office}-{year}{month}{day}"}
        assert {r["sending_office"] for r in rows} == {office}
        ids = {r["record_id"] for r in rows}
        assert not ids & seen
        seen |= ids
    records = {r["record_id"] for r in read_rows(wide_run / "records.csv")}
    assert seen <= records


def test_conforming_rows_break_no_rule(wide_run: Path) -> None:
    """Rows not in violations.csv stay inside the safe envelope (an independent check)."""
    rows = _manifest_rows(wide_run)
    listed = {v["record_id"] for v in read_rows(wide_run / "violations.csv")}
    families = family_breaks([r for r in rows if r["record_id"] not in listed])

    broken = {
        r["record_id"]: row_breaks(r) | families.get(r["record_id"], set())
        for r in rows
        if r["record_id"] not in listed
    }

    assert len(broken) > 1000
    assert {k: v for k, v in broken.items() if v} == {}


def test_listed_rows_break_exactly_their_rule(wide_run: Path) -> None:
    """Each row of violations.csv breaks the rule it names and nothing else."""
    rows = {r["record_id"]: r for r in _manifest_rows(wide_run)}
    violations = read_rows(wide_run / "violations.csv")
    families = family_breaks(list(rows.values()))

    wrong = []
    for violation in violations:
        row = rows[violation["record_id"]]
        assert row["manifest_id"] == violation["manifest_id"]
        found = row_breaks(row) | families.get(row["record_id"], set())
        if found != {violation["rule"]}:
            wrong.append((violation["rule"], sorted(found), row["record_id"]))

    assert wrong == []


def test_violation_share_and_rule_mix(wide_run: Path, default_run: Path) -> None:
    """The configured share of rows is listed (0.25 and the default 0.05), and the rules
    that can apply to most rows all occur."""
    for folder, rate in ((wide_run, 0.25), (default_run, 0.05)):
        rows = len(_manifest_rows(folder))
        listed = len(read_rows(folder / "violations.csv"))
        assert abs(listed / rows - rate) < 0.35 * rate + 0.01, (folder.name, listed, rows)
    rules = Counter(v["rule"] for v in read_rows(wide_run / "violations.csv"))
    assert set(rules) <= set(RULES)
    common = {"PORT", "HOURS", "CONSULAR_NOTIFICATION", "ADVANCE_NOTICE", "CRIMINAL_NOTICE"}
    common |= {"BELONGINGS", "MEDICAL", "STATS_COMPLETENESS", "FAMILY_UNITY"}
    assert common <= set(rules)
    assert {"MINOR_RECEIVER", "TVPRA_SCREENING", "INTERIOR_CONSENT"} & set(rules)


def test_era_codes_and_offices(wide_run: Path) -> None:
    """Big Bend is MAR and Rio Grande Valley MCA before FY2012; interior arrests before
    2003-03-01 come from INS district offices, after from ICE ERO."""
    rows = _manifest_rows(wide_run)
    sectors = {r["apprehension_sector"] for r in rows}

    assert "MAR" in sectors or "MCA" in sectors
    assert not {"BBT", "RGV"} & sectors
    for row in rows:
        office, seized = row["sending_office"], row["apprehended_at"][:10]
        if office.startswith("ins-"):
            assert seized < "2003-03-01"
        if office.startswith("ero-"):
            assert seized >= "2003-03-01"
