"""/api/v1/ecosystem/: one router made of the registry's, the map's, the agenda's and the volgsysteem's."""

from ninja import Router

from . import agenda_api, export_api, map_api, registry_api, scan_api, tracking_api

router = Router(tags=["ecosystem"])
router.add_router("", registry_api.router)
router.add_router("", map_api.router)
router.add_router("", agenda_api.router)
router.add_router("", tracking_api.router)
router.add_router("", scan_api.router)
router.add_router("", export_api.router)
