"""``enlace remains match``: candidates with reasons in either language, no database; a bad
file refused in both languages naming file, line and field, exit 2, nothing written."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from enlace.safety.core.matching_csv import MISSING_COLUMNS, REMAINS_COLUMNS
from enlace.safety.management.commands.remains import COLUMNS, name_similarity

MISSING_ROWS = [
    # report_id, given, paternal, maternal, sex, dob, height, last seen, lat, lon, place,
    # clothing, marks, curp
    "R1,Juan Carlos,Pérez,López,M,1976-03,170,2010-06-01,31.4862,-111.5426,Sásabe,"
    '"pantalón de mezclilla azul, gorra negra",tatuaje de la virgen en el brazo,',
    "R2,María,Gómez,Ruiz,F,1990,155,2011-01-10,31.40,-111.00,,,,",
    "R3,,,,,,,,,,,,,",
]
REMAINS_ROWS = [
    "C1,M,30,40,165,175,2010-06-10,31.792,-111.5426,1,7,"
    '"blue jeans, black cap",tattoo left arm (virgin),JUAN PEREZ LOPEZ,',
    "C2,M,25,45,160,180,2010-09-10,32.30,-112.60,30,90,,,,",
    "C3,F,18,25,150,160,2011-02-01,31.60,-111.10,7,21,,,,",
    "C4,F,,,,,2009-01-01,,,,,,,,",
]


def _files(tmp_path: Path, missing: list[str], remains: list[str]) -> tuple[Path, Path, Path]:
    missing_path, remains_path = tmp_path / "missing.csv", tmp_path / "remains.csv"
    missing_path.write_text("\n".join([",".join(MISSING_COLUMNS), *missing]) + "\n", "utf-8")
    remains_path.write_text("\n".join([",".join(REMAINS_COLUMNS), *remains]) + "\n", "utf-8")
    return missing_path, remains_path, tmp_path / "candidates.csv"


def _match(missing: Path, remains: Path, out: Path, *options: str) -> str:
    stdout = StringIO()
    call_command("remains", "match", str(missing), str(remains), "--out", str(out), *options,
                 stdout=stdout)  # fmt: skip
    return stdout.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_match_writes_candidates_with_an_explanation_per_field(tmp_path, django_assert_num_queries):
    missing, remains, out = _files(tmp_path, MISSING_ROWS, REMAINS_ROWS)
    with django_assert_num_queries(0):
        printed = _match(missing, remains, out)
    rows = _rows(out)
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["report_id"], r["case_id"], r["rank"]) for r in rows] == [
        ("R1", "C1", "1"),
        ("R1", "C2", "2"),
        ("R2", "C3", "1"),
    ]
    best = rows[0]
    assert best["sex"] == "sex agrees"
    assert best["age"] == "age 34 within 30–40"
    assert best["stature"] == "stature 170 cm within 165–175"
    assert best["distance"] == "last seen 34 km south of the recovery site"
    assert best["dates"].startswith("dates consistent with the post-mortem interval")
    assert best["clothing"] == "clothing words shared: black, blue, cap, jeans"
    assert best["marks"] == "a mark described on both sides: arm, tattoo, virgin"
    assert best["document_name"] == "document name matches the reported name"
    assert best["curp"] == ""
    assert float(best["score"]) > float(rows[1]["score"]) > 0
    assert printed.strip() == "3 candidates for 3 reports among 4 cases."


def test_match_in_spanish(tmp_path):
    missing, remains, out = _files(tmp_path, MISSING_ROWS, REMAINS_ROWS)
    printed = _match(missing, remains, out, "--language", "es-mx")
    best = _rows(out)[0]
    assert best["sex"] == "el sexo coincide"
    assert best["age"] == "edad de 34 dentro de 30–40"
    assert best["distance"] == "se le vio por última vez a 34 km al sur del lugar del hallazgo"
    assert best["clothing"] == "palabras de la ropa en común: negro, azul, gorra, mezclilla"
    assert best["marks"] == "una seña particular descrita por ambas partes: brazo, tatuaje, virgen"
    assert best["document_name"] == "el nombre del documento coincide con el nombre reportado"
    assert printed.strip() == "3 candidatos para 3 reportes entre 4 casos."


def test_top_limits_the_candidates_per_report(tmp_path):
    missing, remains, out = _files(tmp_path, MISSING_ROWS, REMAINS_ROWS)
    _match(missing, remains, out, "--top", "1")
    assert [(r["report_id"], r["case_id"]) for r in _rows(out)] == [("R1", "C1"), ("R2", "C3")]


def test_the_person_search_compares_the_names():
    """Accents, nicknames and a left-out maternal surname, as the person search reads them."""
    assert name_similarity("PANCHO HERNANDEZ", "Francisco Hernández Ruiz") >= 0.75
    assert name_similarity("Juan Pérez López", "JUAN PEREZ LOPEZ") == 1.0
    assert name_similarity("Pedro Ramírez", "Juan Pérez") == 0.0


def _refused(tmp_path: Path, missing: list[str], remains: list[str], *options: str) -> str:
    missing_path, remains_path, out = _files(tmp_path, missing, remains)
    out.write_text("earlier run\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        _match(missing_path, remains_path, out, *options)
    assert refused.value.returncode == 2
    assert out.read_text(encoding="utf-8") == "earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "candidates.csv",
        "missing.csv",
        "remains.csv",
    ]
    return str(refused.value)


def _swap(rows: list[str], index: int, position: int, value: str) -> list[str]:
    """``rows`` with field ``position`` of row ``index`` replaced (no quoted commas there)."""
    changed = list(rows)
    cells = next(csv.reader([changed[index]]))
    cells[position] = value
    buffer = StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    changed[index] = buffer.getvalue()
    return changed


@pytest.mark.parametrize(
    ("side", "index", "position", "value", "english", "spanish"),
    [
        ("missing", 1, 4, "X", "missing.csv, line 3, sex: “X” is not a sex",
         "missing.csv, línea 3, sex: “X” no es un sexo"),
        ("missing", 0, 7, "2010-31-01", "missing.csv, line 2, last_seen_date: “2010-31-01” is "
         "not a date", "missing.csv, línea 2, last_seen_date: “2010-31-01” no es una fecha"),
        ("missing", 0, 5, "03/1976", "missing.csv, line 2, date_of_birth: “03/1976” is not a "
         "date; write YYYY-MM-DD, YYYY-MM or YYYY", "escríbala como AAAA-MM-DD, AAAA-MM o AAAA"),
        ("missing", 2, 8, "95.5", "missing.csv, line 4, last_seen_lat: 95.5 is outside -90 to 90",
         "missing.csv, línea 4, last_seen_lat: 95.5 está fuera del intervalo de -90 a 90"),
        ("remains", 1, 8, "-200", "remains.csv, line 3, found_lon: -200 is outside -180 to 180",
         "remains.csv, línea 3, found_lon: -200 está fuera del intervalo de -180 a 180"),
        ("remains", 1, 2, "50", "remains.csv, line 3, age_max: 45 is smaller than age_min",
         "remains.csv, línea 3, age_max: 45 es menor que age_min"),
        ("remains", 2, 9, "tres", "remains.csv, line 4, pmi_min_days: “tres” is not a number",
         "remains.csv, línea 4, pmi_min_days: “tres” no es un número"),
        ("remains", 3, 0, "C1", "remains.csv, line 5, case_id: “C1” repeats the id of line 2",
         "remains.csv, línea 5, case_id: “C1” repite el identificador de la línea 2"),
        ("missing", 2, 0, "", "missing.csv, line 4, report_id: a value is required",
         "missing.csv, línea 4, report_id: se requiere un valor"),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_naming_file_line_and_field(
    tmp_path, side, index, position, value, english, spanish
):
    missing, remains = MISSING_ROWS, REMAINS_ROWS
    if side == "missing":
        missing = _swap(missing, index, position, value)
    else:
        remains = _swap(remains, index, position, value)
    message = _refused(tmp_path, missing, remains)
    assert english in message
    assert spanish in message
    assert "Nothing was written." in message
    assert "No se escribió nada." in message


def test_a_missing_column_is_refused(tmp_path):
    missing, remains, out = _files(tmp_path, MISSING_ROWS, REMAINS_ROWS)
    header, *rest = remains.read_text("utf-8").splitlines()
    remains.write_text("\n".join([header.replace("found_date", "date"), *rest]), "utf-8")
    with pytest.raises(CommandError) as refused:
        _match(missing, remains, out)
    assert refused.value.returncode == 2
    assert "remains.csv, line 1: the header has no column found_date." in str(refused.value)
    assert "remains.csv, línea 1: el encabezado no tiene la columna found_date." in str(
        refused.value
    )
    assert not out.exists()


def test_a_top_out_of_range_is_refused(tmp_path):
    message = _refused(tmp_path, MISSING_ROWS, REMAINS_ROWS, "--top", "0")
    assert "--top must be a whole number from 1 to 50." in message
    assert "--top debe ser un número entero del 1 al 50." in message


def test_an_unreadable_file_is_refused(tmp_path):
    missing, remains, out = _files(tmp_path, MISSING_ROWS, REMAINS_ROWS)
    with pytest.raises(CommandError) as refused:
        _match(missing, tmp_path / "absent.csv", out)
    assert refused.value.returncode == 2
    assert "cannot be read" in str(refused.value)
    assert "No se puede leer el archivo" in str(refused.value)


def test_the_enlace_command_runs_with_no_database_at_all(tmp_path):
    """The database points at a folder that does not exist: any query would fail."""
    missing, remains, out = _files(tmp_path, MISSING_ROWS, REMAINS_ROWS)
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "-m", "enlace.cli", "remains", "match", str(missing), str(remains),
         "--out", str(out), "--top", "1"],
        capture_output=True, text=True, env=environment, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [r["case_id"] for r in _rows(out)] == ["C1", "C3"]
    bad = _swap(MISSING_ROWS, 1, 4, "X")
    missing.write_text("\n".join([",".join(MISSING_COLUMNS), *bad]) + "\n", "utf-8")
    out.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "enlace.cli", "remains", "match", str(missing), str(remains),
         "--out", str(out)],
        capture_output=True, text=True, env=environment, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "missing.csv, line 3, sex" in done.stderr
    assert "missing.csv, línea 3, sex" in done.stderr
    assert not out.exists()
