"""The Splink model for Mexican names: comparisons, blocking rules and training rules.

Every comparison reads the columns made by ``records.features_build``. Conditions are
written in DuckDB SQL with Splink's level classes (which Splink translates for Spark).
Each level's label says in words why a pair scored as it did; ``--pairs`` prints them.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
from splink.comparison_library import CustomComparison

_DUCKDB = "duckdb"


# Prior (m, u) probabilities of each non-null level: the share of true matches and of
# random pairs at that level, from what the levels mean and the name frequencies of the
# population. Training replaces them on inputs large enough (see ``pipeline.LinkOptions``);
# on small inputs (the application's few hundred persons) they stand alone.
PRIORS: dict[str, tuple[tuple[float, float], ...]] = {
    "given": (
        (0.80, 0.01), (0.08, 0.02), (0.05, 0.01), (0.02, 0.005),
        (0.02, 0.005), (0.005, 0.001), (0.01, 0.02), (0.015, 0.929),
    ),
    "surname": (
        (0.85, 0.01), (0.04, 0.003), (0.03, 0.005), (0.04, 0.005),
        (0.005, 0.0005), (0.01, 0.02), (0.025, 0.9565),
    ),
    "birth": (
        (0.90, 0.0001), (0.01, 0.00005), (0.03, 0.02), (0.01, 0.003),
        (0.02, 0.002), (0.03, 0.97485),
    ),
    "curp": ((0.93, 1e-6), (0.05, 1e-5), (0.01, 1e-4), (0.01, 0.999889)),
    "sex": ((0.98, 0.5), (0.02, 0.5)),
    "state": ((0.95, 0.1), (0.05, 0.9)),
    "a_number": ((0.95, 1e-6), (0.03, 1e-5), (0.02, 0.999989)),
}  # fmt: skip


def _priored(priors: tuple[tuple[float, float], ...], levels: list[Any]) -> list[Any]:
    """Give each non-null level its prior m and u probabilities, in order."""
    assert len(levels) == len(priors) + 1  # noqa: S101 - a programming error, caught by tests
    return [
        levels[0],
        *(
            level.configure(m_probability=m, u_probability=u)
            for level, (m, u) in zip(levels[1:], priors, strict=True)
        ),
    ]


def _custom(sql: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=_DUCKDB)


def _given() -> CustomComparison:
    return CustomComparison(
        output_column_name="given_names",
        comparison_levels=_priored(
            PRIORS["given"],
            [
                cll.NullLevel("given_first"),
                cll.ExactMatchLevel("given_full", term_frequency_adjustments=True).configure(
                    label_for_charts="all given names agree"
                ),
                cll.ExactMatchLevel("given_first", term_frequency_adjustments=True).configure(
                    label_for_charts="first given name agrees (nicknames, Ma., J. resolved)"
                ),
                cll.ArrayIntersectLevel("given_cands", 1).configure(
                    label_for_charts="a given name in common (short form or nickname)"
                ),
                _custom("given_ph_l = given_ph_r", "first given name sounds alike"),
                cll.JaroWinklerLevel("given_first", 0.9).configure(
                    label_for_charts="first given name spelled alike (Jaro-Winkler >= 0.9)"
                ),
                _custom(
                    "given_first_l = pat_r OR pat_l = given_first_r",
                    "given name written as the other's surname (fields swapped)",
                ),
                cll.JaroWinklerLevel("given_first", 0.8).configure(
                    label_for_charts="first given name somewhat alike (Jaro-Winkler >= 0.8)"
                ),
                cll.ElseLevel().configure(label_for_charts="given names differ"),
            ],
        ),
    )


def _surname(column: str, other: str, label: str) -> CustomComparison:
    return CustomComparison(
        output_column_name=f"{label}_surname",
        comparison_levels=_priored(
            PRIORS["surname"],
            [
                cll.NullLevel(column),
                cll.ExactMatchLevel(column, term_frequency_adjustments=True).configure(
                    label_for_charts=f"{label} surname agrees"
                ),
                _custom(f"{column}_ph_l = {column}_ph_r", f"{label} surname sounds alike"),
                cll.JaroWinklerLevel(column, 0.9).configure(
                    label_for_charts=f"{label} surname spelled alike (Jaro-Winkler >= 0.9)"
                ),
                _custom(
                    f"{column}_l = {other}_r OR {other}_l = {column}_r",
                    f"{label} surname found in the other surname field (swapped or one kept)",
                ),
                _custom(
                    f"{column}_l = given_first_r OR given_first_l = {column}_r",
                    f"{label} surname written as the other's given name (fields swapped)",
                ),
                cll.JaroWinklerLevel(column, 0.8).configure(
                    label_for_charts=f"{label} surname somewhat alike (Jaro-Winkler >= 0.8)"
                ),
                cll.ElseLevel().configure(label_for_charts=f"{label} surnames differ"),
            ],
        ),
    )


def _birth() -> CustomComparison:
    return CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=_priored(
            PRIORS["birth"],
            [
                cll.NullLevel("dob_year"),
                _custom("dob_l = dob_r", "date of birth agrees"),
                _custom(
                    "dob_l = dob_swapped_r",
                    "date of birth agrees with day and month swapped",
                ),
                _custom(
                    "dob_year_l = dob_year_r AND (dob_l IS NULL OR dob_r IS NULL)",
                    "year of birth agrees, one side knows only the year",
                ),
                _custom(
                    "substr(dob_l, 1, 7) = substr(dob_r, 1, 7)",
                    "year and month of birth agree, day differs",
                ),
                cll.DamerauLevenshteinLevel("dob", 1).configure(
                    label_for_charts="date of birth one digit apart"
                ),
                cll.ElseLevel().configure(label_for_charts="dates of birth differ"),
            ],
        ),
    )


def _curp() -> CustomComparison:
    return CustomComparison(
        output_column_name="curp",
        comparison_levels=_priored(
            PRIORS["curp"],
            [
                cll.NullLevel("curp"),
                cll.ExactMatchLevel("curp").configure(label_for_charts="CURP agrees"),
                cll.DamerauLevenshteinLevel("curp", 1).configure(
                    label_for_charts="CURP one character apart (mistyped or homonym digit)"
                ),
                _custom(
                    "substr(curp_l, 1, 10) = substr(curp_r, 1, 10)",
                    "CURP name and birth-date parts agree",
                ),
                cll.ElseLevel().configure(label_for_charts="CURPs differ"),
            ],
        ),
    )


def _exact(column: str, label: str, *, typo: bool = False) -> CustomComparison:
    typo_levels = (
        [cll.DamerauLevenshteinLevel(column, 1).configure(label_for_charts=f"{label} mistyped")]
        if typo
        else []
    )
    return CustomComparison(
        output_column_name=column,
        comparison_levels=_priored(
            PRIORS[column],
            [
                cll.NullLevel(column),
                cll.ExactMatchLevel(column).configure(label_for_charts=f"{label} agrees"),
                *typo_levels,
                cll.ElseLevel().configure(label_for_charts=f"{label} differs"),
            ],
        ),
    )


def blocking_rules(*, with_a_number: bool = True) -> list[Any]:
    """Pairs worth scoring: any rule suffices. Keys are phonetic, so spelling survives."""
    return [
        block_on("curp"),
        *([block_on("a_number")] if with_a_number else []),
        block_on("dob", "pat_ph"),
        block_on("dob", "given_ph"),
        block_on("dob", "mat_ph"),
        block_on("pat_ph", "given_ph", "dob_year"),
        "l.pat_ph = r.given_ph AND l.given_ph = r.pat_ph",
        block_on("mat_ph", "given_ph", "dob_year"),
        "l.dob_swapped = r.dob AND l.pat_ph = r.pat_ph",
        "l.pat_ph = r.mat_ph AND l.mat_ph = r.pat_ph AND l.given_ph = r.given_ph",
    ]


def training_rules() -> list[Any]:
    """Blocking rules for expectation maximisation: each leaves some comparisons free."""
    return [block_on("dob"), block_on("pat_ph", "given_ph")]


def settings_build(*, with_a_number: bool = True, explain: bool = False) -> SettingsCreator:
    """The Splink settings of enlace's linkage; ``explain`` keeps each pair's levels."""
    comparisons: list[Any] = [
        _given(),
        _surname("pat", "mat", "paternal"),
        _surname("mat", "pat", "maternal"),
        _birth(),
        _curp(),
        _exact("sex", "sex"),
        _exact("state", "state of origin"),
    ]
    if with_a_number:
        comparisons.append(_exact("a_number", "A-number", typo=True))
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules(with_a_number=with_a_number),
        retain_intermediate_calculation_columns=explain,
        retain_matching_columns=False,
    )
