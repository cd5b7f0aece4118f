"""Writes of identity resolution: link persons, decide reviews, merge and unmerge, families.

Each service runs in one transaction and writes audit events (ids and counts, never names).
A person is merged into another only when the linkage is nearly certain or a permitted user
accepted the pair; every merge records what it moved and can be reversed.
"""

from __future__ import annotations

from .families import family_link_decide, family_links_propose
from .linking import (
    MERGE_THRESHOLD,
    NIGHTLY_LINKAGE,
    REVIEW_THRESHOLD,
    ScoredPair,
    candidate_decide,
    persons_link,
    persons_records,
    persons_score,
)
from .merges import (
    FILLED_FIELDS,
    MergePreview,
    person_merge_apply,
    person_merge_preview,
    person_merge_reverse,
)

__all__ = [
    "FILLED_FIELDS",
    "MERGE_THRESHOLD",
    "NIGHTLY_LINKAGE",
    "REVIEW_THRESHOLD",
    "MergePreview",
    "ScoredPair",
    "candidate_decide",
    "family_link_decide",
    "family_links_propose",
    "person_merge_apply",
    "person_merge_preview",
    "person_merge_reverse",
    "persons_link",
    "persons_records",
    "persons_score",
]
