"""True Mexican names: weighted given names, compound forms and two surnames.

Naming rules followed: one or two given names (``José Luis``, ``María Guadalupe``), often
with a particle after María or José (``María de Jesús``, ``José de la Cruz``); two surnames,
the father's first surname then the mother's first surname (children of a couple share
both); surnames with particles (``De la Cruz``, ``Del Ángel``) come from the surname list.
"""

from __future__ import annotations

from random import Random

from enlace.synth.tables import Tables

# Particle forms seen after María / José (project list, common usage).
MARIA_PARTICLES = (
    "de Jesús", "de la Luz", "del Carmen", "de los Ángeles", "de Lourdes", "del Rosario",
    "de la Cruz", "del Refugio", "de la Paz", "del Socorro",
)  # fmt: skip
JOSE_PARTICLES = ("de Jesús", "de la Cruz", "del Refugio", "de la Luz")

# Probability that a first given name is followed by a second one [assumption].
COMPOUND_AFTER = {"María": 0.85, "José": 0.6, "Juan": 0.55, "Ana": 0.4, "Luis": 0.3}
COMPOUND_OTHERWISE = 0.25
PARTICLE_AFTER = {"María": 0.3, "José": 0.12}


def given_name(rng: Random, tables: Tables, sex: str) -> str:
    """One or two given names for a person of this sex (``F`` or ``M``)."""
    pool = tables.given[sex]
    first = pool.pick(rng)
    if rng.random() >= COMPOUND_AFTER.get(first, COMPOUND_OTHERWISE):
        return first
    if first in PARTICLE_AFTER and rng.random() < PARTICLE_AFTER[first]:
        particles = MARIA_PARTICLES if first == "María" else JOSE_PARTICLES
        return f"{first} {rng.choice(particles)}"
    second = pool.pick(rng)
    while second == first:
        second = pool.pick(rng)
    return f"{first} {second}"


def surname(rng: Random, tables: Tables) -> str:
    return tables.surnames.pick(rng)


def official_name(rng: Random, tables: Tables) -> str:
    """A name for a receiving official (given name and two surnames)."""
    sex = "F" if rng.random() < 0.5 else "M"
    first = tables.given[sex].pick(rng)
    return f"{first} {surname(rng, tables)} {surname(rng, tables)}"
