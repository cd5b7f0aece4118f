"""Domain core of people: identifiers, partial dates and CURP building (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.mx import curp as stdnum_curp

from enlace.people.core.curp import curp_build
from enlace.people.core.dates import DatePrecision, age_on, partial_date_parse
from enlace.people.core.identifiers import (
    IdentifierError,
    InvalidIdentifier,
    a_number_normalize,
    curp_normalize,
    fin_normalize,
    passport_normalize,
)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("A12345678", "A012345678"), ("a 012-345-678", "A012345678"), ("1234567", "A001234567")],
)
def test_a_number_is_normalized_to_nine_digits(raw, normalized):
    assert a_number_normalize(raw) == normalized


@pytest.mark.parametrize(
    ("normalize", "raw", "code"),
    [
        (a_number_normalize, "A12", IdentifierError.A_NUMBER_INVALID),
        (a_number_normalize, "B12345678", IdentifierError.A_NUMBER_INVALID),
        (fin_normalize, "12345", IdentifierError.FIN_INVALID),
        (passport_normalize, "G1", IdentifierError.PASSPORT_INVALID),
        (curp_normalize, "HERA850312MGRRZN09", IdentifierError.CURP_INVALID),
        (curp_normalize, "HERA850312MXXRZN01", IdentifierError.CURP_INVALID),
    ],
)
def test_invalid_identifiers_raise_their_code(normalize, raw, code):
    with pytest.raises(InvalidIdentifier) as excinfo:
        normalize(raw)
    assert excinfo.value.code is code


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {
                "given_names": "María de los Ángeles",
                "paternal_surname": "Hernández",
                "maternal_surname": "Ruiz",
                "birth_date": date(1985, 3, 12),
                "sex": "F",
                "state_code": "GR",
            },
            "HERA850312MGRRZN0",
        ),
        (
            {
                "given_names": "José Luis",
                "paternal_surname": "de la Cruz",
                "maternal_surname": "",
                "birth_date": date(2003, 1, 2),
                "sex": "M",
                "state_code": "OC",
            },
            "CUXL030102HOCRXSA",
        ),
        (
            {
                "given_names": "Juan",
                "paternal_surname": "Peña",
                "maternal_surname": "Núñez",
                "birth_date": date(1990, 12, 31),
                "sex": "M",
                "state_code": "NE",
            },
            "PENJ901231HNEXXN0",
        ),
    ],
)
def test_curp_follows_renapo_rules(kwargs, expected):
    """Particles and María/José are skipped, Ñ becomes X, a missing surname is X."""
    built = curp_build(**kwargs)
    assert built[:17] == expected
    assert stdnum_curp.is_valid(built)


@given(
    given_names=st.sampled_from(["Ana", "José Luis", "Ma. Guadalupe", "Ñoño", "X"]),
    paternal=st.sampled_from(["García", "De la O", "", "Ibáñez", "Mc Donald"]),
    maternal=st.sampled_from(["", "López", "Del Ángel"]),
    born=st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)),
    sex=st.sampled_from(["F", "M"]),
    homonym=st.integers(0, 40),
)
def test_every_built_curp_validates(given_names, paternal, maternal, born, sex, homonym):
    """Whatever the name, the built CURP passes python-stdnum, check digit included."""
    built = curp_build(
        given_names=given_names,
        paternal_surname=paternal,
        maternal_surname=maternal,
        birth_date=born,
        sex=sex,
        state_code="SR",
        homonym=homonym,
    )
    assert stdnum_curp.is_valid(built), built


@pytest.mark.parametrize(
    ("text", "precision", "value"),
    [
        ("1985-03-12", DatePrecision.DAY, date(1985, 3, 12)),
        ("1985-03", DatePrecision.MONTH, date(1985, 3, 1)),
        ("1985", DatePrecision.YEAR, date(1985, 1, 1)),
    ],
)
def test_partial_dates_parse_and_print_back(text, precision, value):
    parsed = partial_date_parse(text)
    assert (parsed.precision, parsed.value, str(parsed)) == (precision, value, text)


@pytest.mark.parametrize("text", ["1985-13", "85-03-12", "1985-02-30", "", "soon"])
def test_bad_partial_dates_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011
        partial_date_parse(text)


def test_age_counts_whole_years():
    born = partial_date_parse("2008-11-29")
    assert age_on(born, date(2026, 11, 28)) == 17
    assert age_on(born, date(2026, 11, 29)) == 18
