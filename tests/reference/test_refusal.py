"""A bad reference file is refused whole: nothing from any file is written, and the
error names the file, the line and the field."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from enlace.core.models import AuditEvent
from enlace.reference.models import County, Office, Port, State
from enlace.reference.services import ReferenceDataError, reference_load

from .conftest import set_cell

pytestmark = pytest.mark.django_db

Change = Callable[[list[list[str]]], None]


def _drop_column(column: str) -> Change:
    def change(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return change


def _repeat_line(line: int) -> Change:
    def change(rows: list[list[str]]) -> None:
        rows.append(list(rows[line - 1]))

    return change


BAD_ROWS = [
    pytest.param(
        "ports.csv",
        set_cell(5, "latitude", "abc"),
        'ports.csv, line 5, field "latitude": "abc" is not a latitude between 25 and 42',
        id="latitude-not-a-number",
    ),
    pytest.param(
        "ports.csv",
        set_cell(7, "latitude", "95.1"),
        'ports.csv, line 7, field "latitude": "95.1" is not a latitude between 25 and 42',
        id="latitude-out-of-range",
    ),
    pytest.param(
        "ports.csv",
        set_cell(3, "sector", "XXX"),
        'ports.csv, line 3, field "sector": "XXX" is not a code in sectors.csv',
        id="unknown-sector",
    ),
    pytest.param(
        "offices.csv",
        _drop_column("time_zone"),
        'offices.csv, line 1, field "time_zone": this column is missing from the header',
        id="missing-column",
    ),
    pytest.param(
        "reception_points.csv",
        set_cell(2, "time_zone", "America/Atlantis"),
        'reception_points.csv, line 2, field "time_zone": "America/Atlantis" is not an IANA',
        id="bad-time-zone",
    ),
    pytest.param(
        "counties.csv",
        set_cell(4, "fips", "4801"),
        'counties.csv, line 4, field "fips": "4801" is not a five-digit county FIPS code',
        id="bad-fips",
    ),
    pytest.param(
        "consular_districts.csv",
        _repeat_line(2),
        'consular_districts.csv, line 362, field "county_fips"',
        id="county-in-two-districts",
    ),
    pytest.param(
        "municipalities.csv",
        set_cell(10, "population_2020", "-5"),
        'municipalities.csv, line 10, field "population_2020": "-5" is not a whole number',
        id="negative-population",
    ),
    pytest.param(
        "sectors.csv",
        set_cell(7, "renamed_on", "2011-13-01"),
        'sectors.csv, line 7, field "renamed_on": "2011-13-01" is not a date',
        id="impossible-date",
    ),
]


def _snapshot() -> dict[str, object]:
    return {
        "states": State.objects.count(),
        "state-01": State.objects.get(inegi_code="01").name,
        "ports": Port.objects.count(),
        "port-2604": Port.objects.get(code="2604").name,
        "counties": County.objects.count(),
        "offices": Office.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize(("file", "change", "message"), BAD_ROWS)
def test_one_bad_row_refuses_every_file(data_copy, edit, file, change, message):
    """With good edits in states.csv and counties.csv and one bad row elsewhere, the load
    raises, names the problem, and neither good edit nor any audit event is written."""
    before = _snapshot()
    edit("states.csv", set_cell(2, "name", "Aguascalientes (edited)"))
    edit(file, change)
    edit("counties.csv", lambda rows: rows.append(["48999", "Test County", "TX"]))
    with pytest.raises(ReferenceDataError) as refused:
        reference_load(data_dir=data_copy)
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
    assert _snapshot() == before
    assert not County.objects.filter(fips="48999").exists()


def test_all_problems_of_all_files_are_listed(data_copy, edit):
    """Several bad rows in several files are all reported, in file order."""
    edit("ports.csv", set_cell(5, "latitude", "abc"))
    edit("ports.csv", set_cell(6, "mx_state", "77"))
    edit("offices.csv", set_cell(2, "agency", "NOPE"))
    with pytest.raises(ReferenceDataError) as refused:
        reference_load(data_dir=data_copy)
    assert [m.split(":")[0] for m in refused.value.messages] == [
        'ports.csv, line 5, field "latitude"',
        'ports.csv, line 6, field "mx_state"',
        'offices.csv, line 2, field "agency"',
    ]


def test_a_missing_file_is_refused(data_copy):
    """Without languages.csv nothing loads and the message names the file."""
    (data_copy / "languages.csv").unlink()
    with pytest.raises(ReferenceDataError) as refused:
        reference_load(data_dir=data_copy)
    assert refused.value.messages == ["languages.csv: the file is missing"]


def test_command_prints_counts(data_copy):
    """``load_reference`` prints one line per file with its row count."""
    out = StringIO()
    call_command("load_reference", data_dir=str(data_copy), stdout=out)
    lines = {line.split()[0]: line.split()[-1] for line in out.getvalue().splitlines()}
    assert (lines["municipalities.csv"], lines["ports.csv"]) == ("2478", "27")
    assert out.getvalue().splitlines()[-1].startswith("Loaded ")


def test_command_reports_problems_on_stderr(data_copy, edit):
    """On a bad file the command writes each problem to stderr and raises CommandError."""
    edit("ports.csv", set_cell(5, "latitude", "abc"))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_reference", data_dir=str(data_copy), stderr=err)
    assert 'ports.csv, line 5, field "latitude": "abc" is not a latitude' in err.getvalue()


def test_cli_exits_with_status_one(data_copy, edit, tmp_path):
    """``enlace load-reference --data-dir BAD`` exits 1 with the problem on stderr.
    The files are checked before the database is opened, so no database is needed."""
    edit("ports.csv", set_cell(5, "latitude", "abc"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test",
        "ENLACE_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2] / "src"), *sys.path]),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from enlace.cli import main; main()",
            "load-reference",
            "--data-dir",
            str(data_copy),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert 'ports.csv, line 5, field "latitude"' in result.stderr
