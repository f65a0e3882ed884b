"""The monitor over the API: dashboard."""

from ninja import Router

router = Router(tags=["monitor"])
