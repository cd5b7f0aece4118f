"""The benchmark's generator: real PCOME cases kept, decoys held out, reports from the truth."""

from __future__ import annotations

from pathlib import Path

from enlace.safety.core.noise import HARSH, MODERATE, PMI_DAYS, benchmark_build, pcome_read

PCOME = (
    Path(__file__).resolve().parents[2] / "src/enlace/safety/data/pcome_humane_borders_deceased.csv"
)


def test_remains_keep_the_pcome_records_and_decoys_have_none():
    cases = pcome_read(PCOME)[:400]
    built = benchmark_build(cases, MODERATE, reports=100, decoy_share=0.3)
    by_id = {c.case_id: c for c in cases}
    case_ids = {r.case_id for r in built.remains}
    assert len(built.remains) == 400 - 30
    assert sum(case is None for case in built.truth.values()) == 30
    for report_id, case_id in built.truth.items():
        assert case_id is None or case_id in case_ids, report_id
    for remains in built.remains:
        case = by_id[remains.case_id]
        assert (remains.found_date, remains.found_lat, remains.found_lon) == (
            case.found,
            case.lat,
            case.lon,
        )
        assert remains.sex == case.sex
        expected = PMI_DAYS.get(case.pmi)
        assert (remains.pmi_min_days, remains.pmi_max_days) == (expected or (None, None))


def test_the_same_seed_gives_the_same_files_and_the_harsh_model_blanks_more():
    cases = pcome_read(PCOME)[:600]
    first = benchmark_build(cases, MODERATE, reports=200, decoy_share=0.3)
    again = benchmark_build(cases, MODERATE, reports=200, decoy_share=0.3)
    harsh = benchmark_build(cases, HARSH, reports=200, decoy_share=0.3)
    assert first == again

    def blank_heights(reports):
        return sum(r.height_cm is None for r in reports) / len(reports)

    assert blank_heights(harsh.missing) > blank_heights(first.missing)
