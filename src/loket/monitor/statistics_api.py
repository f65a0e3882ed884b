"""The monitor over the API: statistics."""

from ninja import Router

router = Router(tags=["monitor"])
