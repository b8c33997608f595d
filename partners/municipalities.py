"""The municipalities the portal ships: data/gemeenten-2025.csv (data/README.md says where it came from)."""

import csv
from pathlib import Path

SHIPPED_LIST = Path(__file__).resolve().parent / "data" / "gemeenten-2025.csv"


def shipped():
    """(CBS code, name) of every shipped municipality."""
    with SHIPPED_LIST.open(encoding="utf-8", newline="") as rows:
        return [(row["code"], row["naam"]) for row in csv.DictReader(rows)]
