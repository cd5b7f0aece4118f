"""The authored instruments: what the file holds, and how a wrong file is refused. No
database: the file is read against the reference CSV files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from enlace.agreements.core.authored import known_codes_from_reference
from enlace.agreements.core.instruments import DATA_FILE, read_instruments
from enlace.agreements.core.parameters import ParameterKind
from enlace.agreements.core.renegotiation import Coverage, renegotiation_status
from enlace.agreements.core.snapshots import AgreementKind, AgreementStatus

AREAS = (
    "san-diego",
    "yuma",
    "nogales",
    "el-paso",
    "presidio",
    "del-rio",
    "laredo",
    "mcallen",
    "brownsville",
)
REFERENCE_DIR = Path(DATA_FILE).parents[2] / "reference" / "data"


@pytest.fixture(scope="module")
def known():
    return known_codes_from_reference()


@pytest.fixture(scope="module")
def authored(known):
    agreements, problems = read_instruments(DATA_FILE, known=known)
    assert problems == []
    return {agreement.code: agreement for agreement in agreements}


def _reference_pairs() -> dict[str, str]:
    """port → reception point, from reception_point_ports.csv."""
    import csv

    with (REFERENCE_DIR / "reception_point_ports.csv").open(encoding="utf-8") as handle:
        return {row["port"]: row["reception_point"] for row in csv.DictReader(handle)}


def test_every_instrument_is_authored(authored):
    """The 1996 framework, 1998 El Paso, the California guidelines, the 2004 MOU, the interior
    program, and the nine 2009 and nine 2016 local arrangements: 23 agreements, 25 versions."""
    assert len(authored) == 23
    assert sum(len(a.versions) for a in authored.values()) == 25
    expected = {
        "mou-1996-consular-protection",
        "el-paso-juarez-1998",
        "california-guidelines",
        "mou-2004-repatriation",
        "interior-repatriation",
    }
    expected |= {f"lra-{year}-{area}" for year in (2009, 2016) for area in AREAS}
    assert set(authored) == expected


@pytest.mark.parametrize("area", AREAS)
def test_2016_arrangements_cover_their_ports(authored, area):
    """Each 2016 arrangement covers the ports the reference data pairs with its INM modules,
    and designates each of them with its module."""
    version = authored[f"lra-2016-{area}"].versions[0]
    pairs = _reference_pairs()
    points = {
        p.port: p.reception_point
        for p in version.parameters
        if p.kind == ParameterKind.DESIGNATED_POINT
    }
    assert points == {port: pairs[port] for port in version.ports}
    assert set(version.reception_points) == set(points.values())
    assert version.effective_from == date(2016, 2, 23)
    assert version.effective_to is None


def test_2016_designates_twelve_points(authored):
    """Eleven border modules plus Mexico City for interior flights."""
    points = {
        p.reception_point
        for code, agreement in authored.items()
        if code.startswith("lra-2016-") or code == "interior-repatriation"
        for version in agreement.versions
        if version.effective_from >= date(2016, 1, 1)
        for p in version.parameters
        if p.kind == ParameterKind.DESIGNATED_POINT
    }
    assert len(points) == 12
    assert "cdmx" in points


@pytest.mark.parametrize("area", AREAS)
def test_2009_arrangements_superseded_in_2016(authored, area):
    agreement = authored[f"lra-2009-{area}"]
    assert agreement.status == AgreementStatus.SUPERSEDED
    (version,) = agreement.versions
    assert (version.effective_from, version.effective_to) == (date(2009, 4, 3), date(2016, 2, 23))


def test_sourced_values(authored):
    """Values taken from the sources are not marked default and cite a clause."""
    laredo = authored["lra-2016-laredo"].versions[0]
    window = next(p for p in laredo.parameters if p.kind == ParameterKind.HANDOVER_WINDOW)
    assert window.value == {"intervals": [{"days": "mon-sun", "start": "08:00", "end": "22:00"}]}
    assert not window.is_default
    interior = {v.label: v for v in authored["interior-repatriation"].versions}
    flights = next(
        p for p in interior["2016"].parameters if p.kind == ParameterKind.INTERIOR_FLIGHTS_PER_WEEK
    )
    assert flights.value == {"value": 3}
    assert not flights.is_default
    season = next(p for p in interior["2004"].parameters if p.kind == ParameterKind.INTERIOR_SEASON)
    assert season.value == {"start": "2004-07-12", "end": "2004-09-30"}


def test_defaults_are_marked_and_explained(authored):
    """Every default has a reason and a note in both languages; the advance-notice lead time
    (not in the sources) is always a 120-minute default."""
    for agreement in authored.values():
        for version in agreement.versions:
            for parameter in version.parameters:
                if parameter.is_default:
                    assert parameter.default_reason is not None
                    assert parameter.note_en
                    assert parameter.note_es
                if parameter.kind == ParameterKind.ADVANCE_NOTICE:
                    assert parameter.is_default
                    assert parameter.value == {"minutes": 120}
                assert parameter.clause, (agreement.code, version.label, parameter.kind)


def test_ins_era_instruments(authored):
    """The INS-era instruments: El Paso 1998 (signed by the INS El Paso district and the
    Border Patrol chiefs of El Paso and Marfa) and the California guidelines."""
    ins = {code for code, a in authored.items() if a.ins_era}
    assert ins == {"el-paso-juarez-1998", "california-guidelines"}
    offices = {p.office for p in authored["el-paso-juarez-1998"].parties if p.agency == "INS"}
    assert offices == {"ins-el-paso", "usbp-ept", "usbp-bbt"}


def test_no_ins_era_instrument_left_to_renegotiate(authored):
    """With the authored data every INS-era instrument is revised or covered (computed)."""
    coverage = [
        Coverage(
            a.code,
            a.kind,
            a.ins_era,
            any(v.national for v in a.versions),
            frozenset(p for v in a.versions for p in v.ports),
            tuple(v.effective_from for v in a.versions),
        )
        for a in authored.values()
    ]
    status = renegotiation_status(coverage, ins_dissolved_on=date(2003, 3, 1))
    assert set(status) == {"el-paso-juarez-1998", "california-guidelines"}
    assert not any(s.pending for s in status.values())
    assert status["el-paso-juarez-1998"].covered_by == ("lra-2009-el-paso", "lra-2016-el-paso")
    assert status["california-guidelines"].revised_on == date(2008, 12, 23)


def _coverage(code, *, ins_era, ports, starts, kind=AgreementKind.LOCAL_ARRANGEMENT):
    return Coverage(code, kind, ins_era, False, frozenset(ports), tuple(starts))


@pytest.mark.parametrize(
    ("others", "pending", "uncovered"),
    [
        ([], True, ("1", "2")),
        ([_coverage("dhs-a", ins_era=False, ports={"1"}, starts=[date(2009, 1, 1)])], True, ("2",)),
        (
            [
                _coverage("dhs-a", ins_era=False, ports={"1"}, starts=[date(2009, 1, 1)]),
                _coverage("dhs-b", ins_era=False, ports={"2", "3"}, starts=[date(2016, 1, 1)]),
            ],
            False,
            (),
        ),
        (
            [_coverage("old-b", ins_era=True, ports={"1", "2"}, starts=[date(1999, 1, 1)])],
            True,
            ("1", "2"),
        ),
        (
            [
                _coverage(
                    "mou",
                    ins_era=False,
                    ports={"1", "2"},
                    starts=[date(2004, 1, 1)],
                    kind=AgreementKind.MOU,
                )
            ],
            True,
            ("1", "2"),
        ),
    ],
    ids=[
        "nothing-covers",
        "partly-covered",
        "covered-by-two",
        "ins-era-does-not-count",
        "a-mou-is-not-a-local-arrangement",
    ],
)
def test_renegotiation_rule(others, pending, uncovered):
    """An INS-era instrument is pending until DHS-era local instruments cover all its ports."""
    old = _coverage("old", ins_era=True, ports={"1", "2"}, starts=[date(1998, 1, 1)])
    status = renegotiation_status([old, *others], ins_dissolved_on=date(2003, 3, 1))
    assert status["old"].pending is pending
    assert status["old"].uncovered_ports == uncovered


def test_revision_after_the_ins_counts_as_renegotiated():
    old = _coverage("old", ins_era=True, ports={"1"}, starts=[date(1998, 1, 1), date(2005, 1, 1)])
    status = renegotiation_status([old], ins_dissolved_on=date(2003, 3, 1))
    assert status["old"].pending is False
    assert status["old"].revised_on == date(2005, 1, 1)


# --- a wrong file is refused, naming instrument, version and field -------------------------


def _spoil(tmp_path, change):
    document = json.loads(Path(DATA_FILE).read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "instruments.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _version(document, code, label):
    agreement = next(a for a in document["agreements"] if a["code"] == code)
    return next(v for v in agreement["versions"] if v["label"] == label)


def _first_window(version):
    return next(p for p in version["parameters"] if p["kind"] == "handover_window")


SPOILERS = [
    pytest.param(
        lambda d: _first_window(_version(d, "lra-2016-el-paso", "2016"))["value"]["intervals"][
            0
        ].update(end="05:00"),
        ("lra-2016-el-paso", "2016", "parameters[4].value.intervals[0].end", "end_before_start"),
        id="window-ends-before-it-starts",
    ),
    pytest.param(
        lambda d: _version(d, "lra-2016-yuma", "2016")["scope"]["ports"].append("9999"),
        ("lra-2016-yuma", "2016", "scope.ports[1]", "unknown_code"),
        id="unknown-port",
    ),
    pytest.param(
        lambda d: _version(d, "lra-2016-yuma", "2016").update(effective_to="2015-01-01"),
        ("lra-2016-yuma", "2016", "effective_to", "end_before_start"),
        id="version-ends-before-it-starts",
    ),
    pytest.param(
        lambda d: _first_window(_version(d, "lra-2016-yuma", "2016")).update(default_reason=None),
        ("lra-2016-yuma", "2016", "parameters[1].default_reason", "default_reason"),
        id="default-without-reason",
    ),
    pytest.param(
        lambda d: _first_window(_version(d, "lra-2016-yuma", "2016")).update(clause="99"),
        ("lra-2016-yuma", "2016", "parameters[1].clause", "unknown_code"),
        id="unknown-clause",
    ),
    pytest.param(
        lambda d: _first_window(_version(d, "lra-2016-yuma", "2016")).update(port="2402"),
        ("lra-2016-yuma", "2016", "parameters[1].port", "not_in_scope"),
        id="port-outside-scope",
    ),
    pytest.param(
        lambda d: next(a for a in d["agreements"] if a["code"] == "lra-2016-yuma").update(
            status="superseded"
        ),
        ("lra-2016-yuma", "", "status", "status_open"),
        id="superseded-but-open",
    ),
    pytest.param(
        lambda d: next(a for a in d["agreements"] if a["code"] == "lra-2016-yuma").update(
            kind="treaty"
        ),
        ("lra-2016-yuma", "", "kind", "choice"),
        id="unknown-kind",
    ),
]


@pytest.mark.parametrize(("change", "expected"), SPOILERS)
def test_wrong_file_refused(tmp_path, known, change, expected):
    """Each problem names the instrument, the version and the field, with a code."""
    _, problems = read_instruments(_spoil(tmp_path, change), known=known)
    found = [(p.instrument, p.version, p.field, p.code) for p in problems]
    assert expected in found


def test_missing_and_broken_files(tmp_path, known):
    _, problems = read_instruments(tmp_path / "absent.json", known=known)
    assert [p.code for p in problems] == ["missing_file"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "agreements": [', encoding="utf-8")
    _, problems = read_instruments(broken, known=known)
    assert [p.code for p in problems] == ["json"]
