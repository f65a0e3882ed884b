"""The ecosystem over the API: scan."""

from ninja import Router

router = Router(tags=["ecosystem"])
