"""``enlace link``: accurate on Mexican names; bad input refused with nothing written."""

from __future__ import annotations

import json
from io import StringIO

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from enlace.identity.core.errors import LinkError, LinkErrorCode


def _dedupe(*args: str) -> str:
    out = StringIO()
    call_command("link", "dedupe", *args, stdout=out)
    return out.getvalue()


def _refusal(*args: str) -> tuple[LinkErrorCode, str, int]:
    with pytest.raises(CommandError) as refused:
        call_command("link", *args)
    cause = refused.value.__cause__
    assert isinstance(cause, LinkError)
    return cause.code, str(refused.value), refused.value.returncode


def test_dedupe_links_the_synthetic_population_and_evaluate_scores_it(population, tmp_path):
    clusters, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    _dedupe(str(population / "records.csv"), "--out", str(clusters), "--pairs", str(pairs))
    written = pl.read_csv(clusters, infer_schema=False)
    assert written.columns == ["record_id", "person_id"]
    assert written.height == pl.read_csv(population / "records.csv").height

    out = StringIO()
    call_command(
        "link", "evaluate", str(clusters), "--truth", str(population / "truth.csv"),
        "--format", "json", stdout=out,
    )  # fmt: skip
    scores = json.loads(out.getvalue())
    assert scores["f1"] >= 0.97
    assert scores["precision"] >= 0.97
    assert 0 < scores["bcubed_f1"] <= 1

    explained = pl.read_csv(pairs, infer_schema=False)
    assert {"record_id_l", "record_id_r", "match_probability", "given_names", "curp"} <= set(
        explained.columns
    )
    top = explained.row(0, named=True)
    assert float(top["match_probability"]) > 0.99
    assert top["date_of_birth"] != ""


def test_evaluate_prints_text(population, tmp_path):
    truth = population / "truth.csv"
    out = StringIO()
    call_command("link", "evaluate", str(truth), "--truth", str(truth), stdout=out)
    assert "pairwise precision 1.0000, recall 1.0000, F1 1.0000" in out.getvalue()


def test_records_with_only_an_id_stay_unlinked(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "record_id,given_names,paternal_surname,maternal_surname,date_of_birth\n"
        "a,María,Hernández,Ruiz,1980-03-04\n"
        "b,MARIA,HERNANDEZ,RUIZ,1980-03-04\n"
        "c,,,,\n"
        "d,,,,\n"
        "e,Juan,Pérez,López,1975-01-02\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    _dedupe(str(source), "--out", str(out))
    persons = dict(pl.read_csv(out, infer_schema=False).iter_rows())
    assert persons["c"] != persons["d"]
    assert len(set(persons.values())) >= 4


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"id,given_names\n1,Ana\n", LinkErrorCode.NO_RECORD_ID, "no record_id column"),
        (
            b"record_id,given_names\nR1,Ana\nR2,Eva\nR1,Ana\n",
            LinkErrorCode.DUPLICATE_RECORD_ID,
            "Line 4 repeats the record_id \u201cR1\u201d of line 2",
        ),
        (b"record_id,given_names\nR1,Ana\n,Eva\n", LinkErrorCode.EMPTY_RECORD_ID, "Line 3"),
        (
            b"record_id,given_names\nR1,Ana\nR2,Mar\xeda\n",
            LinkErrorCode.UNDECODABLE,
            "Line 3 is not valid UTF-8",
        ),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_nothing_written(tmp_path, content, code, words):
    source, out, pairs = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "pairs.csv"
    source.write_bytes(content)
    refused, message, status = _refusal(
        "dedupe", str(source), "--out", str(out), "--pairs", str(pairs)
    )
    assert (refused, status) == (code, 2)
    assert words in message
    assert "Nothing was written." in message
    assert not out.exists()
    assert not pairs.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_threshold_out_of_range_is_refused(tmp_path):
    refused, _message, status = _refusal(
        "dedupe", str(tmp_path / "x.csv"), "--out", str(tmp_path / "o.csv"), "--threshold", "1.5"
    )
    assert (refused, status) == (LinkErrorCode.THRESHOLD_RANGE, 2)


def test_evaluate_refuses_a_file_without_person_id(tmp_path):
    clusters = tmp_path / "c.csv"
    clusters.write_text("record_id,cluster\nR1,1\n")
    refused, _message, status = _refusal("evaluate", str(clusters), "--truth", str(clusters))
    assert (refused, status) == (LinkErrorCode.NO_TRUTH_COLUMNS, 2)


def test_us_form_rows_stand_in_the_same_file(tmp_path):
    source = tmp_path / "mixed.csv"
    source.write_text(
        "record_id,given_names,paternal_surname,maternal_surname,first_name,middle_name,"
        "last_name,date_of_birth,sex\n"
        "m1,María Guadalupe,Hernández,Ruiz,,,,1980-03-04,F\n"
        "u1,,,,MARIA,GUADALUPE,HERNANDEZ RUIZ,1980-03-04,F\n"
        "u2,,,,Maria,Hernandez,Ruiz,1980-03-04,F\n"
        "x1,Pedro,Sánchez,Gómez,,,,1961-11-30,M\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    _dedupe(str(source), "--out", str(out))
    persons = dict(pl.read_csv(out, infer_schema=False).iter_rows())
    assert persons["m1"] == persons["u1"] == persons["u2"]
    assert persons["x1"] != persons["m1"]
