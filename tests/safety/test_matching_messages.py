"""Every piece of evidence and every exclusion of remains matching, in English and Spanish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from enlace.safety import matching_messages
from enlace.safety.core.matching import Evidence
from enlace.safety.matching_messages import exclusion_text, explain

AGE = {"age": 34, "age_max": 35, "min": 30, "max": 40, "years": 0}
PMI = {"days": 19, "pmi_min": 7, "pmi_max": 21}
CASES = [
    ("sex", "sex_agrees", {"sex": "M"}, "sex agrees", "el sexo coincide"),
    ("age", "age_within", AGE, "age 34–35 within 30–40", "edad de 34–35 dentro de 30–40"),
    ("age", "age_outside", AGE | {"age_max": 34, "min": 36, "max": 45, "years": 2},
     "age 34 is 2 years outside 36–45", "edad de 34, a 2 años del intervalo 36–45"),
    ("age", "age_outside", AGE | {"age_max": 34, "min": 35, "max": 45, "years": 1},
     "age 34 is 1 year outside 35–45", "edad de 34, a 1 año del intervalo 35–45"),
    ("stature", "stature_within", {"height": 170, "min": 165, "max": 175, "cm": 0},
     "stature 170 cm within 165–175", "estatura de 170 cm dentro de 165–175"),
    ("stature", "stature_outside", {"height": 185, "min": 165, "max": 175, "cm": 10},
     "stature 185 cm is 10 cm outside 165–175",
     "estatura de 185 cm, a 10 cm del intervalo 165–175"),
    ("distance", "place_same", {"km": 0, "direction": "n"}, "last seen at the recovery site",
     "se le vio por última vez en el lugar del hallazgo"),
    ("distance", "place_distance", {"km": 34, "direction": "s"},
     "last seen 34 km south of the recovery site",
     "se le vio por última vez a 34 km al sur del lugar del hallazgo"),
    ("distance", "place_distance", {"km": 12, "direction": "nw"},
     "last seen 12 km northwest of the recovery site",
     "se le vio por última vez a 12 km al noroeste del lugar del hallazgo"),
    ("dates", "dates_consistent", PMI,
     "dates consistent with the post-mortem interval (found 19 days after last seen; "
     "interval 7–21 days)",
     "fechas compatibles con el intervalo post mortem (restos hallados 19 días después de la "
     "última vez que se le vio; intervalo de 7 a 21 días)"),
    ("dates", "dates_seen_after_death", PMI | {"days": 2},
     "last seen 2 days before the recovery, fewer than the 7 days of the post-mortem interval",
     "se le vio por última vez 2 días antes del hallazgo, menos que los 7 días del intervalo "
     "post mortem"),
    ("dates", "dates_long_before", PMI | {"days": 400},
     "last seen 400 days before the recovery, long before the post-mortem interval (7–21 days)",
     "se le vio por última vez 400 días antes del hallazgo, mucho antes del intervalo post "
     "mortem (de 7 a 21 días)"),
    ("dates", "dates_interval", {"days": 61},
     "found 61 days after last seen (no post-mortem interval given)",
     "restos hallados 61 días después de la última vez que se le vio (sin intervalo post "
     "mortem)"),
    ("clothing", "clothing_shared", {"words": ("jeans", "cap", "chivas")},
     "clothing words shared: jeans, cap, chivas",
     "palabras de la ropa en común: mezclilla, gorra, chivas"),
    ("clothing", "clothing_none_shared", {}, "clothing described on both sides, no word shared",
     "ropa descrita por ambas partes, sin ninguna palabra en común"),
    ("marks", "marks_shared", {"words": ("tattoo",)}, "a mark described on both sides: tattoo",
     "una seña particular descrita por ambas partes: tatuaje"),
    ("marks", "marks_none_shared", {}, "marks described on both sides, no word shared",
     "señas particulares descritas por ambas partes, sin ninguna palabra en común"),
    ("curp", "curp_matches", {}, "the CURP on a document found matches the reported CURP",
     "la CURP de un documento hallado coincide con la CURP reportada"),
    ("curp", "curp_differs", {}, "the CURP on a document found differs from the reported CURP",
     "la CURP de un documento hallado es distinta de la CURP reportada"),
    ("document_name", "name_matches", {"similarity": 1.0},
     "document name matches the reported name",
     "el nombre del documento coincide con el nombre reportado"),
    ("document_name", "name_similar", {"similarity": 0.8},
     "document name is similar to the reported name",
     "el nombre del documento se parece al nombre reportado"),
    ("document_name", "name_differs", {"similarity": 0.0},
     "document name differs from the reported name",
     "el nombre del documento es distinto del nombre reportado"),
]  # fmt: skip


@pytest.mark.parametrize(("field", "code", "params", "english", "spanish"), CASES)
def test_each_explanation_in_both_languages(field, code, params, english, spanish):
    evidence = Evidence(field, code, 1.0, params)
    assert explain(evidence, "en") == english
    assert explain(evidence, "es-mx") == spanish


def test_every_code_the_core_gives_has_a_text():
    """The codes written in ``core/fields.py`` are exactly those with a text here."""
    source = (Path(matching_messages.__file__).parent / "core" / "fields.py").read_text("utf-8")
    quoted = set(re.findall(r'"((?:sex|age|stature|place|dates|curp|name)_[a-z_]+)"', source))
    quoted |= {f"{p}_{s}" for p in ("clothing", "marks") for s in ("shared", "none_shared")}
    codes = set(matching_messages._evidence_texts())
    columns = {"age_min", "age_max", "stature_min", "stature_max"}
    assert quoted - columns - {"sex_contradicts"} == codes
    assert {c for _, c, *_ in CASES} == codes


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        ("sex_contradicts", "the sexes contradict each other", "los sexos se contradicen"),
        ("recovered_before", "the remains were recovered before the person was last seen",
         "los restos se hallaron antes de la última vez que se vio a la persona"),
        ("born_after", "the person was born after the remains were recovered",
         "la persona nació después del hallazgo de los restos"),
    ],
)  # fmt: skip
def test_each_exclusion_in_both_languages(code, english, spanish):
    assert exclusion_text(code, "en") == english
    assert exclusion_text(code, "es-mx") == spanish
