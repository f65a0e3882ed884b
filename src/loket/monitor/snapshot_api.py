"""The monitor over the API: KPI definitions and snapshots."""

from ninja import Router

router = Router(tags=["monitor"])
