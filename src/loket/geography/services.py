import csv
from pathlib import Path

NOORD_HOLLAND_2025 = Path(__file__).parent / "data" / "noord_holland_2025.csv"


def load_noord_holland(region_model, municipality_model, path=NOORD_HOLLAND_2025, year=2025):
    """Create or update the five labour-market regions of Noord-Holland and their municipalities.

    Takes the models as arguments so a data migration can pass its historical ones.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        if row["region_code"] not in regions:
            regions[row["region_code"]], _ = region_model.objects.update_or_create(
                code=row["region_code"], defaults={"name": row["region_name"]}
            )
        municipality_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "region": regions[row["region_code"]],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                # The year of the division the file describes; earlier years come with an import of their own.
                "valid_from": year,
            },
        )
    return len(rows)
