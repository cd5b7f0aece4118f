"""Remains cases from the real PCOME records and families' reports written from them.

For the remains-matching benchmark (``benchmarks/remains_matching.py``). The PCOME /
Humane Borders export gives, per case, the sex, the age (when identified), the reporting
date, the position, the post-mortem interval class and the body condition; names are
masked in the source and stay so. What the records lack (a stature, clothing, marks, a
document, a name) is drawn for a hidden *truth* per person; the examiner's case and the
family's report are then each written from that truth with their own errors. Every
distribution is named here and in ``docs/remains-matching.md``; ``NoiseModel`` holds the
report-side parameters, so that a second, harsher model can be run on the same remains.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

from enlace.people.core.curp import curp_build

from .matching import Missing, Remains

# PCOME post-mortem interval class → days (the open "> 6-8 months" capped at three years).
PMI_DAYS: dict[str, tuple[int, int]] = {
    "< 1 day": (0, 1),
    "< 1 week": (1, 7),
    "< 3 weeks": (7, 21),
    "< 5 weeks": (21, 35),
    "< 3 months": (35, 90),
    "< 6-8 months": (90, 240),
    "> 6-8 months": (180, 1095),
}
PMI_ORDER = tuple(PMI_DAYS)
SKELETAL = "skelet"  # body conditions naming skeletonisation: no skin, wider estimates
AGE_MEAN, AGE_SD = 31.0, 10.0  # PCOME's known ages: mean 31.4, SD 10.3
STATURE = {"M": (166.0, 7.0), "F": (154.0, 6.0)}  # assumed adult Mexican stature, cm
BIRTH_STATES = ("GR", "OC", "MC", "PL", "VZ", "JC", "CS", "SR")  # CURP state codes
MALE_SHARE = 0.86  # PCOME: 2,750 men of 3,208 of known sex

# Garments: (canonical slot, English forms, Spanish forms). Some forms on each side are
# unknown to ``words.py`` on purpose (tennis shoes, huaraches, pans, sudadera con capucha…).
GARMENTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("bottom", ("blue jeans", "denim pants", "jeans"), ("pantalón de mezclilla", "jeans")),
    ("bottom", ("pants", "trousers", "work pants"), ("pantalón", "pantalón de vestir")),
    ("bottom", ("sweatpants",), ("pans",)),
    ("top", ("t-shirt", "tee shirt"), ("playera", "camiseta")),
    ("top", ("long sleeve shirt", "button-up shirt"), ("camisa", "camisa de manga larga")),
    ("top", ("hooded sweatshirt", "hoodie"), ("sudadera", "sudadera con capucha")),
    ("top", ("jacket", "coat"), ("chamarra", "chaqueta")),
    ("feet", ("sneakers", "tennis shoes", "athletic shoes"), ("tenis",)),
    ("feet", ("boots", "work boots"), ("botas",)),
    ("feet", ("sandals",), ("huaraches", "sandalias")),
    ("head", ("baseball cap", "cap"), ("gorra", "cachucha")),
    ("head", ("hat",), ("sombrero",)),
    ("extra", ("backpack",), ("mochila",)),
    ("extra", ("belt",), ("cinturón", "cinto")),
    ("extra", ("rosary",), ("rosario",)),
)
COLOURS = (
    ("black", "negro"),
    ("blue", "azul"),
    ("white", "blanco"),
    ("gray", "gris"),
    ("red", "rojo"),
    ("green", "verde"),
    ("brown", "café"),
    ("camouflage", "camuflaje"),
)
TATTOOS = (
    ("Virgin of Guadalupe", "la Virgen de Guadalupe"),
    ("cross", "una cruz"),
    ("rose", "una rosa"),
    ("star", "una estrella"),
    ("heart", "un corazón"),
    ("skull", "una calavera"),
    ("eagle", "un águila"),
)
PLACES = (
    ("arm", "brazo"),
    ("forearm", "antebrazo"),
    ("chest", "pecho"),
    ("back", "espalda"),
    ("hand", "mano"),
    ("neck", "cuello"),
    ("leg", "pierna"),
)
SIDES = (("left", "izquierdo"), ("right", "derecho"))


@dataclass(frozen=True)
class PcomeCase:
    """The fields of one PCOME record that the benchmark uses."""

    case_id: str
    sex: str
    age: int | None
    found: date
    lat: float
    lon: float
    pmi: str
    condition: str


def pcome_read(path: Path) -> list[PcomeCase]:
    """The PCOME / Humane Borders export's records with a date and a position."""
    cases = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["Latitude"] or not row["Reporting Date"]:
                continue
            age = row["Age"].strip()
            cases.append(
                PcomeCase(
                    case_id=row["ML Number"].strip(),
                    sex={"male": "M", "female": "F"}.get(row["Sex"].strip().lower(), ""),
                    age=int(age) if age.isdigit() and 12 <= int(age) <= 90 else None,
                    found=datetime.strptime(row["Reporting Date"].strip(), "%m/%d/%Y").date(),  # noqa: DTZ007
                    lat=float(row["Latitude"]),
                    lon=float(row["Longitude"]),
                    pmi=row["Post Mortem Interval"].strip(),
                    condition=(row["Body Condition"] or "").strip(),
                )
            )
    return cases


@dataclass(frozen=True)
class Mark:
    kind: str  # "tattoo", "scar", "tooth"
    english: str
    spanish: str
    on_skin: bool


@dataclass(frozen=True)
class Truth:
    """What was true of the person, of which each side sees a part."""

    case: PcomeCase
    sex: str
    born: date
    death: date
    stature: float
    given: str
    paternal: str
    maternal: str
    garments: tuple[tuple[int, int], ...]  # (garment index, colour index)
    marks: tuple[Mark, ...]
    carried_document: bool
    curp: str

    @property
    def skeletal(self) -> bool:
        return SKELETAL in self.case.condition.lower()


@cache
def _names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    root = resources.files("enlace.people.core").joinpath("data")
    given = tuple(root.joinpath("given_names.txt").read_text("utf-8").split("\n"))
    surnames = tuple(root.joinpath("surnames.txt").read_text("utf-8").split("\n"))
    return tuple(n for n in given if n), tuple(s for s in surnames[:2000] if s)


def _marks(rng: random.Random) -> tuple[Mark, ...]:
    marks = []
    if rng.random() < 0.4:
        motif, place, side = rng.choice(TATTOOS), rng.choice(PLACES), rng.choice(SIDES)
        english = f"tattoo of {motif[0]} on {side[0]} {place[0]}"
        spanish = f"tatuaje de {motif[1]} en el {place[1]} {side[1]}"
        marks.append(Mark("tattoo", english, spanish, True))
    if rng.random() < 0.25:
        place, side = rng.choice(PLACES), rng.choice(SIDES)
        english = f"scar on {side[0]} {place[0]}"
        marks.append(Mark("scar", english, f"cicatriz en el {place[1]} {side[1]}", True))
    if rng.random() < 0.15:
        marks.append(Mark("tooth", "gold crown on upper tooth", "diente de oro", False))
    return tuple(marks)


def _garments(rng: random.Random) -> tuple[tuple[int, int], ...]:
    slots: dict[str, list[int]] = {}
    for index, garment in enumerate(GARMENTS):
        slots.setdefault(garment[0], []).append(index)
    chosen = [rng.choice(slots[s]) for s in ("bottom", "top", "feet")]
    chosen += [rng.choice(slots["head"])] if rng.random() < 0.5 else []
    chosen += [i for i in slots["extra"] if rng.random() < 0.25]
    return tuple((g, rng.randrange(len(COLOURS))) for g in chosen)


def _pmi_days(case: PcomeCase, rng: random.Random, misclassified: float) -> int:
    """The true days since death; the class is wrong (one class off) in a share of cases."""
    if case.pmi not in PMI_DAYS:
        return int(rng.expovariate(1 / 60))
    position = PMI_ORDER.index(case.pmi)
    if rng.random() < misclassified:
        position = min(len(PMI_ORDER) - 1, max(0, position + rng.choice((-1, 1))))
    low, high = PMI_DAYS[PMI_ORDER[position]]
    return rng.randint(low, high)


def truth_draw(case: PcomeCase, rng: random.Random, *, pmi_misclassified: float) -> Truth:
    """The hidden truth of one PCOME case (its recorded sex, age and dates kept)."""
    sex = case.sex or ("M" if rng.random() < MALE_SHARE else "F")
    age = case.age if case.age is not None else int(min(70, max(15, rng.gauss(AGE_MEAN, AGE_SD))))
    death = case.found - timedelta(days=_pmi_days(case, rng, pmi_misclassified))
    born = death - timedelta(days=int(age * 365.25) + rng.randrange(365))
    given_names, surnames = _names()
    given = rng.choice(given_names) + (f" {rng.choice(given_names)}" if rng.random() < 0.4 else "")
    paternal, maternal = rng.choice(surnames), rng.choice(surnames)
    mean, sd = STATURE[sex]
    return Truth(
        case=case,
        sex=sex,
        born=born,
        death=death,
        stature=rng.gauss(mean, sd),
        given=given,
        paternal=paternal,
        maternal=maternal,
        garments=_garments(rng),
        marks=_marks(rng),
        carried_document=rng.random() < 0.12,
        curp=curp_build(
            given_names=given,
            paternal_surname=paternal,
            maternal_surname=maternal,
            birth_date=born,
            sex=sex,
            state_code=rng.choice(BIRTH_STATES),
        ),
    )


def remains_write(truth: Truth, rng: random.Random) -> Remains:
    """The medical examiner's case: ranges around the truth, English descriptions."""
    case, skeletal = truth.case, truth.skeletal
    age = (truth.death - truth.born).days / 365.25
    age_range = None
    if rng.random() >= 0.15:  # 15 % of cases carry no age estimate
        centre = age + rng.gauss(0, 5 if skeletal else 3)
        years = 10 if skeletal else 5
        age_range = (max(0, int(centre - years)), int(centre + years))
    stature_range = None
    if rng.random() >= 0.2:  # 20 % carry no stature
        centre = truth.stature + rng.gauss(0, 4 if skeletal else 2.5)
        half = 7.5 if skeletal else 5.0
        stature_range = (round(centre - half), round(centre + half))
    pmi = PMI_DAYS.get(case.pmi)
    clothing = ""
    if rng.random() >= 0.25:
        seen = [g for g in truth.garments if rng.random() < (0.6 if skeletal else 0.85)]
        clothing = "; ".join(_garment_text(g, c, rng, english=True) for g, c in seen)
    marks = "; ".join(
        m.english for m in truth.marks if (not m.on_skin or not skeletal) and rng.random() < 0.9
    )
    document = truth.carried_document
    return Remains(
        case_id=case.case_id,
        sex=case.sex,
        age_min=age_range[0] if age_range else None,
        age_max=age_range[1] if age_range else None,
        stature_min_cm=stature_range[0] if stature_range else None,
        stature_max_cm=stature_range[1] if stature_range else None,
        found_date=case.found,
        found_lat=case.lat,
        found_lon=case.lon,
        pmi_min_days=pmi[0] if pmi else None,
        pmi_max_days=pmi[1] if pmi else None,
        clothing=clothing,
        distinguishing_marks=marks,
        document_name=_document_name(truth, rng) if document else "",
        document_curp=truth.curp if document and rng.random() < 0.4 else "",
    )


def _garment_text(garment: int, colour: int, rng: random.Random, *, english: bool) -> str:
    forms = GARMENTS[garment][1 if english else 2]
    name = rng.choice(forms)
    if rng.random() >= 0.7:
        return name
    colour_word = COLOURS[colour][0 if english else 1]
    return f"{colour_word} {name}" if english else f"{name} {colour_word}"


def _document_name(truth: Truth, rng: random.Random) -> str:
    """As a document prints it: upper case, no accents; a third drop the maternal surname."""
    surnames = truth.paternal if rng.random() < 0.33 else f"{truth.paternal} {truth.maternal}"
    return f"{truth.given} {surnames}".upper()


@dataclass(frozen=True)
class NoiseModel:
    """How a family's report departs from the truth (all shares are probabilities)."""

    name: str
    seed: int
    blank: float = 0.15  # each of height, dates, place, clothing, marks left empty
    sex_error: float = 0.01
    displacement_km: float = 25.0  # mean of an exponential distance, bearing ~ south
    bearing_sd: float = 50.0  # degrees around due south (towards the border)
    alive_days: float = 2.0  # mean days from last seen to death (exponential)
    date_sd_days: float = 2.0  # the family's date of last seen: normal error
    height_sd_cm: float = 4.0
    pmi_misclassified: float = 0.1  # the examiner's PMI class one off
    garment_recall: float = 0.6
    mark_recall: float = 0.8
    dob_year_error: float = 0.1  # year of birth one off
    curp_known: float = 0.3


MODERATE = NoiseModel("moderate", seed=1)
HARSH = NoiseModel(
    "harsh",
    seed=2,
    blank=0.35,
    sex_error=0.05,
    displacement_km=60.0,
    bearing_sd=90.0,
    alive_days=7.0,
    date_sd_days=7.0,
    height_sd_cm=7.0,
    pmi_misclassified=0.2,
    garment_recall=0.45,
    mark_recall=0.6,
    dob_year_error=0.2,
    curp_known=0.15,
)


def _displaced(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    dlat = km * math.cos(math.radians(bearing)) / 111.19
    dlon = km * math.sin(math.radians(bearing)) / (111.19 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def _date_of_birth(truth: Truth, rng: random.Random, noise: NoiseModel) -> str:
    born = truth.born
    if rng.random() < noise.dob_year_error:
        born = born.replace(year=born.year + rng.choice((-1, 1)), day=min(born.day, 28))
    draw = rng.random()
    if draw < 0.5:
        return born.isoformat()
    return f"{born:%Y-%m}" if draw < 0.75 else f"{born:%Y}"


def report_write(report_id: str, truth: Truth, rng: random.Random, noise: NoiseModel) -> Missing:
    """A family's report on the person: Spanish descriptions, dates and places as recalled."""

    def kept() -> bool:
        return rng.random() >= noise.blank

    sex = truth.sex
    if rng.random() < noise.sex_error:
        sex = "F" if sex == "M" else "M"
    seen = truth.death - timedelta(days=int(rng.expovariate(1 / noise.alive_days)))
    seen += timedelta(days=round(rng.gauss(0, noise.date_sd_days)))
    distance = rng.expovariate(1 / noise.displacement_km)
    lat, lon = _displaced(
        truth.case.lat, truth.case.lon, distance, rng.gauss(180, noise.bearing_sd)
    )
    place = kept()
    height = truth.stature + rng.gauss(0, noise.height_sd_cm)
    garments = [g for g in truth.garments if rng.random() < noise.garment_recall]
    marks = [m.spanish for m in truth.marks if rng.random() < noise.mark_recall]
    return Missing(
        report_id=report_id,
        given_names=truth.given.title(),
        paternal_surname=truth.paternal.title(),
        maternal_surname=truth.maternal.title() if rng.random() < 0.9 else "",
        sex=sex,
        date_of_birth=_date_of_birth(truth, rng, noise) if kept() else "",
        height_cm=round(height) if kept() else None,
        last_seen_date=seen if kept() else None,
        last_seen_lat=lat if place else None,
        last_seen_lon=lon if place else None,
        clothing=", ".join(_garment_text(g, c, rng, english=False) for g, c in garments)
        if kept()
        else "",
        distinguishing_marks="; ".join(marks) if kept() else "",
        curp=truth.curp if rng.random() < noise.curp_known else "",
    )


@dataclass(frozen=True)
class Benchmark:
    """Remains, reports and which case each report truly describes (None: a decoy)."""

    remains: list[Remains]
    missing: list[Missing]
    truth: dict[str, str | None]


def benchmark_build(
    cases: Sequence[PcomeCase], noise: NoiseModel, *, reports: int, decoy_share: float
) -> Benchmark:
    """Hold out the decoys' cases from the remains; write one report per chosen case."""
    rng = random.Random(noise.seed)  # noqa: S311  (synthetic data)
    order = list(cases)
    rng.shuffle(order)
    decoys = round(reports * decoy_share)
    held_out, kept = order[:decoys], order[decoys:]
    held_out_ids = {c.case_id for c in held_out}
    truths = {
        c.case_id: truth_draw(c, rng, pmi_misclassified=noise.pmi_misclassified) for c in order
    }
    remains = [remains_write(truths[c.case_id], rng) for c in kept]
    described = rng.sample(kept, reports - decoys) + held_out
    rng.shuffle(described)
    missing, truth = [], {}
    for number, case in enumerate(described, start=1):
        report_id = f"MR-{number:05d}"
        missing.append(report_write(report_id, truths[case.case_id], rng, noise))
        truth[report_id] = None if case.case_id in held_out_ids else case.case_id
    return Benchmark(remains, missing, truth)
