"""The public border-safety files, loaded through ``enlace load-reference``: counts against
the sources, idempotent reloads, an updated row kept single, a bad file refusing everything."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from enlace.reference.models import Sector
from enlace.reference.services import ReferenceDataError, reference_load
from enlace.safety.loader import DATA_DIR, sector_for
from enlace.safety.models import Incident, OfficialCount
from enlace.safety.services import safety_data_load

pytestmark = pytest.mark.django_db

SHARED = Path("/work/shared/data")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _source_counts() -> dict[str, int]:
    return {
        "pcome": len(_rows("pcome_humane_borders_deceased.csv")),
        "iom": len(_rows("iom_missing_migrants_us_mexico.csv")),
        "usbp-deaths": len(_rows("usbp_southwest_border_deaths.csv")),
        "usbp-profile": len(_rows("usbp_sector_profile.csv")),
    }


def _db_counts() -> dict[str, int]:
    return {
        "pcome": Incident.objects.filter(source="pcome").count(),
        "iom": Incident.objects.filter(source="iom").count(),
        "usbp-deaths": OfficialCount.objects.filter(series="usbp-deaths").count(),
        "usbp-profile": OfficialCount.objects.filter(series="usbp-profile").count(),
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "safety"
    shutil.copytree(DATA_DIR, target)
    return target


def _rewrite(path: Path, change: Callable[[list[dict[str, str]]], None]) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def test_the_packaged_files_are_the_shared_sources_unchanged():
    """The copies in the package are byte-for-byte the files PROVENANCE.md cites."""
    pairs = {
        "pcome_humane_borders_deceased.csv": (
            "migrant_deaths/arizona_opengis_deceased_migrants_pcome_humane_borders.csv"
        ),
        "iom_missing_migrants_us_mexico.csv": (
            "migrant_deaths/iom_missing_migrants_us_mexico_2014_2022.csv"
        ),
        "usbp_southwest_border_deaths.csv": "usbp_statistics/southwest_border_deaths_1998_2019.csv",
        "usbp_sector_profile.csv": "usbp_statistics/sector_profile_2011_2019.csv",
    }
    if not SHARED.exists():
        pytest.skip("the shared data folder is not on this machine")
    for mine, theirs in pairs.items():
        assert (DATA_DIR / mine).read_bytes() == (SHARED / theirs).read_bytes(), mine


def test_counts_after_loading_equal_the_sources_rows():
    """Each source's rows become exactly one record: 3,270 PCOME remains, 2,696 IOM
    incidents, 220 deaths and 216 sector-profile rows of Border Patrol."""
    counts = reference_load()
    expected = _source_counts()
    assert expected == {"pcome": 3270, "iom": 2696, "usbp-deaths": 220, "usbp-profile": 216}
    assert _db_counts() == expected
    assert counts["pcome_humane_borders_deceased.csv"] == 3270
    assert counts["iom_missing_migrants_us_mexico.csv"] == 2696


def test_a_reload_changes_nothing():
    """Loading the same files again leaves the same rows, value for value."""
    reference_load()
    before = list(Incident.objects.order_by("source", "source_record_id").values())
    series = list(OfficialCount.objects.order_by("pk").values())
    reference_load()
    assert list(Incident.objects.order_by("source", "source_record_id").values()) == before
    assert list(OfficialCount.objects.order_by("pk").values()) == series


def test_a_newer_file_updates_the_changed_record_without_duplicating_it(data_copy: Path):
    """A row whose values changed in a newer file updates the record with its source id."""
    safety_data_load()
    before = _db_counts()

    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["Cause of Death"] = "Exposure"
        rows[0]["Age"] = "41"

    _rewrite(data_copy / "pcome_humane_borders_deceased.csv", change)
    _rewrite(
        data_copy / "usbp_sector_profile.csv",
        lambda rows: rows[1].update(rescues="999"),
    )
    with override_settings(ENLACE_SAFETY_DATA_DIR=str(data_copy)):
        reference_load()
    assert _db_counts() == before
    record = Incident.objects.get(source="pcome", source_record_id="01-00082")
    assert (record.cause, record.age) == ("Exposure", 41)
    assert (
        OfficialCount.objects.get(
            series="usbp-profile", sector_label="new orleans", fiscal_year=2019
        ).rescues
        == 999
    )


def test_a_bad_file_rolls_back_everything(data_copy: Path):
    """One unreadable date refuses the load with file, line and field named; neither the
    safety records nor the reference tables loaded before it are written."""
    safety_data_load()
    Sector.objects.filter(code="TCA").update(name="Edited by hand")

    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["Cause of Death"] = "Changed"
        rows[4]["Reporting Date"] = "13/45/2020"

    _rewrite(data_copy / "pcome_humane_borders_deceased.csv", change)
    with (
        override_settings(ENLACE_SAFETY_DATA_DIR=str(data_copy)),
        pytest.raises(ReferenceDataError) as refused,
    ):
        reference_load()
    assert refused.value.messages == [
        'pcome_humane_borders_deceased.csv, line 6, field "Reporting Date": '
        '"13/45/2020" cannot be read as this field'
    ]
    assert Incident.objects.get(source="pcome", source_record_id="01-00082").cause == "Undetermined"
    assert Sector.objects.get(code="TCA").name == "Edited by hand"


def test_a_missing_file_is_refused_by_the_command(data_copy: Path):
    """``load_reference`` names the missing file and writes nothing."""
    (data_copy / "usbp_sector_profile.csv").unlink()
    with (
        override_settings(ENLACE_SAFETY_DATA_DIR=str(data_copy)),
        pytest.raises(CommandError, match="nothing was written"),
    ):
        call_command("load_reference", verbosity=0)


def test_sectors_follow_the_longitude_of_the_point():
    """Points in the border zone fall in the sector of their longitude band; others none."""
    assert sector_for(Decimal("32.47"), Decimal("-111.56")) == "TCA"
    assert sector_for(Decimal("32.37"), Decimal("-112.86")) == "TCA"  # Ajo
    assert sector_for(Decimal("32.70"), Decimal("-114.62")) == "YUM"
    assert sector_for(Decimal("32.55"), Decimal("-117.03")) == "SDC"
    assert sector_for(Decimal("26.10"), Decimal("-98.25")) == "RGV"
    assert sector_for(Decimal("14.60"), Decimal("-90.50")) is None  # Guatemala
    assert sector_for(None, Decimal("-111.0")) is None


def test_the_loaded_remains_keep_names_masked_and_sectors_assigned():
    """No PCOME record carries a name; most fall in Tucson sector, as the source says."""
    reference_load()
    pcome = Incident.objects.filter(source="pcome")
    assert pcome.filter(sector_id="TCA").count() > 0.9 * pcome.count()
    assert pcome.filter(identified=True).count() == sum(
        1 for row in _rows("pcome_humane_borders_deceased.csv") if row["Name"] == "Identified"
    )
    tucson = OfficialCount.objects.get(
        series="usbp-deaths", sector_label="tucson", fiscal_year=2019
    )
    assert tucson.sector_id == "TCA"
