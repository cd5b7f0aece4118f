"""``enlace manifest plan``: exit codes, the planned file passes ``check``, the listing."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from enlace.core.clock import clock_frozen

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


def _run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("manifest", *args, stdout=out, stderr=StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def _cleared(tmp_path: Path, change: dict[str, dict[str, str]] | None = None) -> Path:
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(handover_port="", handover_at="", notice_sent_at="")
        row.update((change or {}).get(row["record_id"], {}))
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_plan_fills_every_row_and_the_output_passes_check(tmp_path):
    out = tmp_path / "planned.csv"
    code, text = _run("plan", str(_cleared(tmp_path)), "--out", str(out), "--format", "json")
    report = json.loads(text)
    assert code == 0
    assert (report["planned"], report["unplanned"]) == (4, 0)
    assert report["bound"] <= report["objective"]
    row = report["rows"][0]
    assert row["handover_port"]
    assert row["handover_at"]
    assert row["notice_sent_at"]
    assert row["considered"]
    assert row["message_es"]
    assert not (tmp_path / "planned.unplanned.csv").exists()
    check_code, check_text = _run("check", str(out), "--format", "json")
    assert check_code == 0
    assert json.loads(check_text)["blocking"] == 0


def test_unplanned_rows_exit_1_and_are_listed_with_the_rule(tmp_path):
    out = tmp_path / "planned.csv"
    path = _cleared(tmp_path, {"TCA-0003": {"belongings_status": "pending"}})
    code, _text = _run("plan", str(path), "--out", str(out))
    assert code == 1
    with (tmp_path / "planned.unplanned.csv").open(encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    assert [(r["record_id"], r["reason"], r["rule"]) for r in listed] == [
        ("TCA-0003", "blocked", "BELONGINGS")
    ]
    assert listed[0]["agreement"]
    assert listed[0]["message_es"]


def test_unreadable_input_is_refused_as_check_refuses_it(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("manifest_id;record_id\nx;y\n", encoding="utf-8")
    code, text = _run("plan", str(bad), "--out", str(tmp_path / "o.csv"), "--format", "json")
    check_code, check_text = _run("check", str(bad), "--format", "json")
    assert code == check_code == 2
    assert json.loads(text) == json.loads(check_text)
    assert not (tmp_path / "o.csv").exists()


def test_plan_works_on_a_synthetic_manifest(tmp_path):
    """A day's manifest from ``enlace synth`` (no planted violations), handovers cleared:
    every row is planned and the planned file passes ``check``."""
    from enlace.repatriation.core.manifest import COLUMNS
    from enlace.synth import SynthConfig, ViolationConfig, synth_rows

    config = SynthConfig(persons=200, seed=5, first_year=2019, last_year=2019)
    config = SynthConfig(**{**vars(config), "violations": ViolationConfig(rate=0.0)})
    rows = synth_rows(config).manifest_rows
    first = max(
        {r["manifest_id"] for r in rows}, key=lambda m: sum(r["manifest_id"] == m for r in rows)
    )
    path = tmp_path / "synth.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            if row["manifest_id"] == first:
                writer.writerow(
                    row | {"handover_port": "", "handover_at": "", "notice_sent_at": ""}
                )
    out = tmp_path / "planned.csv"
    assert _run("plan", str(path), "--out", str(out))[0] == 0
    assert _run("check", str(out))[0] == 0


def _handovers(path: Path) -> list[datetime]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [datetime.fromisoformat(r["handover_at"]) for r in csv.DictReader(handle)]


def test_plan_puts_no_handover_before_now_plus_the_notice_lead(tmp_path):
    """The clock stands on the example's day (``example_day``); a day later, the plan
    moves with it: every handover after that moment and its notice not in the past."""
    later = datetime.fromisoformat("2019-03-13T14:10-07:00")
    out = tmp_path / "planned.csv"
    with clock_frozen(later):
        code, text = _run("plan", str(_cleared(tmp_path)), "--out", str(out), "--format", "json")
    assert code == 0
    report = json.loads(text)
    assert all(datetime.fromisoformat(r["notice_sent_at"]) >= later for r in report["rows"])
    assert min(_handovers(out)) > later


def test_not_before_plans_from_the_moment_given(tmp_path):
    moment = "2019-03-20T08:00-07:00"
    out = tmp_path / "planned.csv"
    code, _text = _run("plan", str(_cleared(tmp_path)), "--out", str(out), "--not-before", moment)
    assert code == 0
    assert min(_handovers(out)) > datetime.fromisoformat(moment)


@pytest.mark.parametrize("value", ["yesterday", "2019-03-20T08:00"])
def test_a_not_before_without_a_date_and_offset_is_refused_in_both_languages(tmp_path, value):
    out = tmp_path / "planned.csv"
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "manifest", "plan", str(_cleared(tmp_path)), "--out", str(out),
            "--not-before", value, stdout=StringIO(), stderr=err,
        )  # fmt: skip
    assert exit_.value.code == 2
    assert value in err.getvalue()
    assert "Nothing was planned" in err.getvalue()
    assert "No se planeó nada" in err.getvalue()
    assert not out.exists()
