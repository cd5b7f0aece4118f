"""Clothing and marks as families and medical examiners write them, as comparable words.

A family describes in Spanish (*pantalón de mezclilla, gorra negra, tatuaje en el brazo*),
a US medical examiner in English (*blue jeans, black cap, tattoo on arm*). Both are folded to
lower-case ASCII, stop words dropped, and the words of the table below mapped to one
canonical word (its English form), so that *mezclilla* and *jeans* are one word. Words the
table does not know are kept as they are (a brand, a team, a name tattooed): they are often
the most telling. Each canonical word carries its Spanish form for explanations in Spanish.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# canonical (English) → (Spanish display, other forms in either language)
_TABLE: dict[str, tuple[str, tuple[str, ...]]] = {
    # clothing
    "jeans": ("mezclilla", ("jean", "mezclilla", "mezclillas", "vaquero", "vaqueros", "denim")),
    "pants": ("pantalón", ("pant", "pantalon", "pantalones", "trousers")),
    "shirt": ("camisa", ("camisa", "camisas", "shirts")),
    "t-shirt": ("playera", ("tshirt", "playera", "playeras", "camiseta", "remera")),
    "sweatshirt": ("sudadera", ("sudadera", "hoodie", "sweatshirts")),
    "jacket": ("chamarra", ("chamarra", "chaqueta", "coat", "abrigo", "jackets")),
    "cap": ("gorra", ("gorra", "cachucha", "caps")),
    "hat": ("sombrero", ("sombrero", "hats")),
    "boots": ("botas", ("boot", "bota", "botas")),
    "sneakers": ("tenis", ("tenis", "sneaker", "trainers")),
    "shoes": ("zapatos", ("shoe", "zapato", "zapatos")),
    "belt": ("cinturón", ("cinturon", "cinto", "belts")),
    "backpack": ("mochila", ("mochila", "backpacks")),
    "socks": ("calcetines", ("sock", "calcetin", "calcetines")),
    "shorts": ("shorts", ("short", "bermuda", "bermudas")),
    "sweater": ("suéter", ("sueter", "sweter", "sweaters")),
    "blouse": ("blusa", ("blusa", "blusas")),
    "dress": ("vestido", ("vestido",)),
    "underwear": ("ropa interior", ("boxer", "boxers", "calzon", "calzoncillos", "trusa")),
    "gloves": ("guantes", ("glove", "guante", "guantes")),
    "rosary": ("rosario", ("rosario",)),
    "necklace": ("collar", ("collar", "cadena", "chain")),
    "ring": ("anillo", ("anillo", "rings")),
    "watch": ("reloj", ("reloj",)),
    "camouflage": ("camuflaje", ("camuflaje", "camo")),
    # colours
    "black": ("negro", ("negro", "negra", "negros", "negras")),
    "blue": ("azul", ("azul", "azules")),
    "white": ("blanco", ("blanco", "blanca", "blancos", "blancas")),
    "red": ("rojo", ("rojo", "roja", "rojos", "rojas")),
    "green": ("verde", ("verde", "verdes")),
    "gray": ("gris", ("gris", "grey", "grises")),
    "brown": ("café", ("cafe", "marron", "cafes")),
    "yellow": ("amarillo", ("amarillo", "amarilla")),
    "khaki": ("caqui", ("caqui", "beige")),
    "pink": ("rosa", ("rosa", "rosado", "rosada")),
    "orange": ("naranja", ("naranja", "anaranjado", "anaranjada")),
    "purple": ("morado", ("morado", "morada")),
    # marks
    "tattoo": ("tatuaje", ("tatuaje", "tatuajes", "tattoos", "tatoo", "tattooed")),
    "scar": ("cicatriz", ("cicatriz", "cicatrices", "scars")),
    "mole": ("lunar", ("lunar", "lunares", "moles")),
    "birthmark": ("mancha de nacimiento", ("mancha", "birthmarks")),
    "tooth": ("diente", ("diente", "dientes", "teeth", "muela", "muelas", "dental")),
    "gold": ("oro", ("oro", "dorado", "dorada")),
    "crown": ("corona", ("corona", "crowns")),
    "missing": ("falta", ("falta", "faltan", "ausente")),
    "arm": ("brazo", ("brazo", "brazos", "arms")),
    "forearm": ("antebrazo", ("antebrazo",)),
    "hand": ("mano", ("mano", "manos", "hands")),
    "finger": ("dedo", ("dedo", "dedos", "fingers")),
    "leg": ("pierna", ("pierna", "piernas", "legs")),
    "chest": ("pecho", ("pecho",)),
    "back": ("espalda", ("espalda",)),
    "neck": ("cuello", ("cuello",)),
    "face": ("cara", ("cara", "rostro")),
    "shoulder": ("hombro", ("hombro", "hombros", "shoulders")),
    "left": ("izquierdo", ("izquierdo", "izquierda", "izq")),
    "right": ("derecho", ("derecho", "derecha", "der")),
    "virgin": ("virgen", ("virgen", "guadalupe", "guadalupana")),
    "cross": ("cruz", ("cruz", "crucifix", "crucifijo")),
    "flower": ("flor", ("flor", "flores", "flowers", "rose", "roses")),
    "heart": ("corazón", ("corazon", "hearts")),
    "skull": ("calavera", ("calavera", "calaveras", "skulls")),
    "star": ("estrella", ("estrella", "estrellas", "stars")),
    "eagle": ("águila", ("aguila",)),
    "fracture": ("fractura", ("fractura", "fracturas", "fractured", "broken")),
    "surgery": ("cirugía", ("cirugia", "operacion", "surgical", "placa", "plate", "tornillo")),
}

# Words that say nothing about a person on either side.
_STOP_TEXT = """
    a al con de del el en la las lo los su sus un una unos unas y o e sin por para color
    talla marca tipo tiene traia llevaba vestia puesto puesta
    an and the of on in with without at to by his her its was wearing wore size brand
    colored coloured type possible possibly approx apparent apparently pair
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_CANONICAL = {form: word for word, (_, forms) in _TABLE.items() for form in (word, *forms)}
_NOT_WORD = re.compile(r"[^a-z0-9]+")
MIN_LENGTH = 3


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii())


@lru_cache(maxsize=100_000)
def words_of(text: str) -> frozenset[str]:
    """The comparable words of a description: canonical where known, else as written."""
    folded = _fold(text).replace("t-shirt", "tshirt")
    found: set[str] = set()
    for token in _NOT_WORD.split(folded):
        if len(token) < MIN_LENGTH or token in STOP_WORDS or token.isdigit():
            continue
        canonical = _CANONICAL.get(token)
        if canonical is None and token.endswith("s"):
            canonical = _CANONICAL.get(token[:-1])
        found.add(canonical or token)
    return frozenset(found)


def word_label(word: str, language: str) -> str:
    """A canonical word as shown in ``language`` (``es…`` Spanish, else English)."""
    if language.lower().startswith("es") and word in _TABLE:
        return _TABLE[word][0]
    return word
