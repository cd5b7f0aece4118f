"""The packaged reference data, once loaded: counts, idempotence and geographic sanity."""

from __future__ import annotations

import math
import time
import zoneinfo
from decimal import Decimal

import pytest
from django.db.models import Count

from enlace.core.models import AuditAction, AuditEvent
from enlace.reference.models import (
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
from enlace.reference.selectors import (
    consulate_for_county,
    office_successor,
    reception_points_for_port,
)
from enlace.reference.services import reference_load

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    State: 33,
    Municipality: 2478,
    Sector: 9,
    Port: 27,
    ReceptionPoint: 12,
    County: 360,
    Consulate: 27,
}

REQUIRED_OFFICES = [
    *(f"usbp-{c}" for c in ("sdc", "elc", "yum", "tca", "ept", "bbt", "drt", "lrt", "rgv")),
    "ofo-san-diego",
    "ofo-tucson",
    "ofo-el-paso",
    "ofo-laredo",
    *(
        f"ero-{c}"
        for c in ("san-diego", "los-angeles", "phoenix", "el-paso", "san-antonio", "houston")
    ),
    "ero-dallas",
    *("dif-bc", "dif-son", "dif-chih", "dif-coah", "dif-tamps", "dif-national"),
    "upm-analysis",
    "dol-whd-southwest",
    "stps-labor-affairs",
    "sre-central-authority",
    "dos-children-issues",
    "sre-wg-secretariat",
    "uscis-field",
]

# Mexican border towns (Natural Earth places in shared/data/geo where listed, else the
# town's INEGI locality position, rounded). Used only to check port coordinates.
MX_TOWNS = {
    "Tijuana": (32.500, -117.080),
    "Tecate": (32.573, -116.626),
    "Mexicali": (32.650, -115.480),
    "Los Algodones": (32.716, -114.729),
    "San Luis Río Colorado": (32.456, -114.772),
    "Sonoyta": (31.862, -112.850),
    "El Sásabe": (31.467, -111.544),
    "Nogales": (31.305, -110.945),
    "Naco": (31.326, -109.948),
    "Agua Prieta": (31.322, -109.563),
    "Puerto Palomas": (31.771, -107.628),
    "San Jerónimo": (31.780, -106.700),
    "Ciudad Juárez": (31.690, -106.490),
    "Guadalupe": (31.383, -106.108),
    "Ojinaga": (29.540, -104.410),
    "Boquillas del Carmen": (29.180, -102.960),
    "Ciudad Acuña": (29.324, -100.932),
    "Piedras Negras": (28.708, -100.532),
    "Nuevo Laredo": (27.500, -99.550),
    "Ciudad Miguel Alemán": (26.399, -99.026),
    "Ciudad Camargo": (26.317, -98.833),
    "Reynosa": (26.080, -98.300),
    "Nuevo Progreso": (26.051, -97.951),
    "Matamoros": (25.880, -97.500),
}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_packaged_data_is_loaded_with_the_expected_counts():
    """The session load (tests/conftest.py) put every packaged row in the database."""
    for model, expected in EXPECTED_COUNTS.items():
        assert model.objects.count() == expected, model.__name__
    assert Language.objects.filter(indigenous=True).count() >= 25
    assert set(Language.objects.filter(indigenous=False).values_list("code", flat=True)) == {
        "spa",
        "eng",
    }


def test_a_second_load_changes_nothing_and_is_audited_once_per_file():
    """Loading again succeeds, leaves the same counts and rows, and adds one IMPORT
    audit event per file with its row count."""
    before = {model: model.objects.count() for model in EXPECTED_COUNTS}
    port = Port.objects.values().get(code="2604")
    events = AuditEvent.objects.count()
    counts = reference_load()
    assert counts["municipalities.csv"] == 2478
    assert counts["consular_districts.csv"] == 360
    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == before
    assert Port.objects.values().get(code="2604") == port
    imports = AuditEvent.objects.filter(seq__gt=events)
    assert imports.count() == len(counts)
    # the registered loaders of higher apps (border safety) audit their own files
    assert {(e.action, e.subject_type) for e in imports} == {
        (AuditAction.IMPORT, "reference.file"),
        (AuditAction.IMPORT, "safety.file"),
    }
    assert {e.subject_id: e.detail["rows"] for e in imports} == counts


def test_a_load_puts_back_rows_edited_by_hand_and_keeps_extra_rows():
    """A reload overwrites edited values of loaded rows, restores links, and does not
    delete rows that are not in the files."""
    Port.objects.filter(code="2604").update(name="Edited", latitude=Decimal("30"))
    tucson = Consulate.objects.get(code="tucson")
    tucson.district.clear()
    extra = County.objects.create(fips="48999", name="Test County", us_state="TX")
    reference_load()
    port = Port.objects.get(code="2604")
    assert (port.name, port.latitude) == ("Nogales", Decimal("31.333900"))
    assert set(tucson.district.values_list("fips", flat=True)) >= {"04019", "04021"}
    assert County.objects.filter(pk=extra.pk).exists()


def test_loading_is_fast_enough():
    """All ~3,400 rows load in a few seconds (bulk upserts, not one query per row)."""
    started = time.perf_counter()
    reference_load()
    assert time.perf_counter() - started < 10


def test_every_county_is_in_exactly_one_consular_district():
    """Each of the 360 counties of CA, AZ, NM and TX belongs to one consulate."""
    per_state = dict(
        County.objects.values("us_state").annotate(n=Count("fips")).values_list("us_state", "n")
    )
    assert per_state == {"CA": 58, "AZ": 15, "NM": 33, "TX": 254}
    counts = County.objects.annotate(n=Count("consulates")).values_list("n", flat=True)
    assert set(counts) == {1}


@pytest.mark.parametrize(
    ("fips", "consulate"),
    [
        ("35013", "el-paso"),  # Doña Ana, NM
        ("35029", "el-paso"),  # Luna, NM
        ("35023", "el-paso"),  # Hidalgo, NM
        ("35017", "el-paso"),  # Grant, NM
        ("35035", "el-paso"),  # Otero, NM
        ("35051", "el-paso"),  # Sierra, NM
        ("35001", "albuquerque"),  # Bernalillo, NM
        ("48303", "albuquerque"),  # Lubbock, TX (moved from Dallas on 2022-06-01)
        ("04023", "nogales"),  # Santa Cruz, AZ
        ("04003", "douglas"),  # Cochise, AZ
        ("04019", "tucson"),  # Pima, AZ
        ("04027", "yuma"),  # Yuma, AZ
        ("04012", "yuma"),  # La Paz, AZ
        ("06073", "san-diego"),  # San Diego, CA
        ("06025", "calexico"),  # Imperial, CA
        ("48141", "el-paso"),  # El Paso, TX
        ("48465", "del-rio"),  # Val Verde, TX
    ],
)
def test_known_consular_districts(fips, consulate):
    """Counties named by a source or the brief are in the right consulate's district."""
    found = consulate_for_county(fips=fips)
    assert found is not None
    assert found.code == consulate


def test_ports_have_valid_zones_and_sit_on_the_border():
    """Every port has two IANA zones, lies in the border band, and is within 60 km of
    its Mexican city."""
    for port in Port.objects.all():
        zoneinfo.ZoneInfo(port.time_zone)
        zoneinfo.ZoneInfo(port.mx_time_zone)
        point = (float(port.latitude), float(port.longitude))
        assert 25.8 <= point[0] <= 32.8, port.code
        assert -117.2 <= point[1] <= -97.1, port.code
        town = MX_TOWNS[port.mx_city.split(" (")[0]]
        assert _km(point, town) <= 60, port.code


@pytest.mark.parametrize(
    ("code", "us_zone", "mx_zone"),
    [
        ("2504", "America/Los_Angeles", "America/Tijuana"),
        ("2604", "America/Phoenix", "America/Hermosillo"),
        ("2608", "America/Phoenix", "America/Hermosillo"),
        ("2402", "America/Denver", "America/Ciudad_Juarez"),
        ("2408", "America/Denver", "America/Ciudad_Juarez"),
        ("2406", "America/Denver", "America/Ciudad_Juarez"),
        ("2403", "America/Chicago", "America/Ojinaga"),
        ("2304", "America/Chicago", "America/Matamoros"),
        ("2301", "America/Chicago", "America/Matamoros"),
    ],
)
def test_port_time_zones_on_each_side(code, us_zone, mx_zone):
    """Arizona/Sonora keep standard time; El Paso pairs with Juárez; Presidio with Ojinaga."""
    port = Port.objects.get(code=code)
    assert (port.time_zone, port.mx_time_zone) == (us_zone, mx_zone)


def test_sectors_west_to_east_with_former_names():
    """Nine sectors in order; Big Bend was Marfa until 2011-10-01; RGV was McAllen."""
    assert list(Sector.objects.values_list("code", flat=True)) == [
        "SDC",
        "ELC",
        "YUM",
        "TCA",
        "EPT",
        "BBT",
        "DRT",
        "LRT",
        "RGV",
    ]
    big_bend = Sector.objects.get(code="BBT")
    assert (big_bend.former_code, big_bend.former_name, str(big_bend.renamed_on)) == (
        "MAR",
        "Marfa",
        "2011-10-01",
    )
    assert Sector.objects.get(code="RGV").former_code == "MCA"


def test_reception_points_and_their_ports():
    """Eleven border modules plus Mexico City for interior flights; ports pair up."""
    assert list(ReceptionPoint.objects.filter(interior=True).values_list("code", flat=True)) == [
        "cdmx"
    ]
    assert [rp.code for rp in reception_points_for_port(port_code="2402")] == ["cd-juarez"]
    assert [rp.code for rp in reception_points_for_port(port_code="2504")] == ["tijuana"]
    border = ReceptionPoint.objects.filter(interior=False)
    assert border.count() == 11
    assert all(rp.ports.exists() for rp in border)


def test_required_offices_exist_with_their_links():
    """The offices other modules rely on exist; sector, consulate and reception offices
    point at their place, one per consulate and per reception point."""
    codes = set(Office.objects.values_list("code", flat=True))
    assert set(REQUIRED_OFFICES) <= codes
    for sector in Sector.objects.all():
        assert Office.objects.get(code=f"usbp-{sector.code.lower()}").sector == sector
    for consulate in Consulate.objects.all():
        assert Office.objects.get(code=f"sre-{consulate.code}").consulate == consulate
    for point in ReceptionPoint.objects.all():
        office = Office.objects.get(code=f"inm-{point.code}")
        assert (office.reception_point, office.mx_state) == (point, point.state)
    dif_states = {"dif-bc": "02", "dif-son": "26", "dif-chih": "08", "dif-coah": "05"}
    for code, state in {**dif_states, "dif-tamps": "28"}.items():
        assert Office.objects.get(code=code).mx_state_id == state


def test_former_ins_has_dhs_successors():
    """INS (dissolved 2003-03-01) is succeeded by CBP, ICE and USCIS; each former INS
    district office leads to an ICE ERO field office."""
    ins = Agency.objects.get(code="INS")
    assert str(ins.dissolved_on) == "2003-03-01"
    assert set(ins.successors.values_list("code", flat=True)) == {"CBP", "ICE", "USCIS"}
    for office in Office.objects.filter(agency=ins):
        successor = office_successor(office=office)
        assert successor is not None
        assert successor.agency_id == "ICE-ERO"
