"""The compliance engine: manifest rows checked against the arrangement in force.

``check_frame`` takes manifest rows as a Polars frame of text columns (format v1) and a
``RuleTable`` built from the agreement snapshots, and returns one finding per broken rule,
each citing the agreement, version and clause. Vectorized: a million rows in seconds.
"""

from .engine import Finding, check_frame, check_rows, read_csv_frame
from .registry import RULES, Rule, RuleId, Severity
from .table import RuleTable, rule_table

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "RuleId",
    "RuleTable",
    "Severity",
    "check_frame",
    "check_rows",
    "read_csv_frame",
    "rule_table",
]
