"""Small hand-written CBS tables for the StatLine importer's tests (the numbers are invented).

- fixtures/statline_odata3/: table 99901NED as the classic OData v3 API gives it and cbsodata saves it
  (TableInfos, DataProperties, Persoonskenmerken, RegioS, Perioden, TypedDataSet), with region keys padded
  with spaces as CBS pads them; 6 regions x 2 years x 3 topics, 2024 provisional, one region without 2024 figures.
- fixtures/statline_odata4_csv/: table 99902NED as CBS's "CSV (alle data)" download (OData v4 in ';'-separated
  files with decimal commas): vacancies by sector, region and quarter; one value confidential.
- fixtures/statline_export.csv: a StatLine CSV export of a table view, titles instead of codes, "." and "x" for
  missing values, "-" for nil, a thousands dot and a provisional period "2024*".
"""

import shutil
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ODATA3 = FIXTURES / "statline_odata3"
ODATA4_CSV = FIXTURES / "statline_odata4_csv"
EXPORT = FIXTURES / "statline_export.csv"
NOORD_HOLLAND = ["AM12", "AM15", "AM17", "AM18", "AM37"]


def copy_of(folder, tmp_path, name=None):
    target = tmp_path / (name or folder.name)
    shutil.copytree(folder, target)
    return target


def zipped(folder, target, inner=""):
    """The folder's files in a zip, optionally inside a folder as a browser download has them."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{inner}{path.name}")
    return target


@pytest.fixture
def statistics_state(db):
    """Everything an import may change, to show that a refused import changed nothing."""
    from loket.monitor.models import StatisticObservation, StatisticTable

    def snapshot():
        return (
            sorted(StatisticTable.objects.values_list("identifier", "title", "source_url", "imported_at")),
            sorted(str(row) for row in StatisticTable.objects.values_list("identifier", "metadata")),
            sorted(
                StatisticObservation.objects.values_list(
                    "table__identifier", "measure", "measure_label", "unit", "period", "period_start", "region_code", "sector_code", "value"
                )
            ),
        )

    return snapshot
