"""/api/v1/monitor/: KPI definitions and snapshots, the dashboard's figures, and the open statistics."""

from ninja import Router

from . import dashboard_api, snapshot_api, statistics_api

router = Router(tags=["monitor"])
router.add_router("", snapshot_api.router)
router.add_router("", dashboard_api.router)
router.add_router("", statistics_api.router)
