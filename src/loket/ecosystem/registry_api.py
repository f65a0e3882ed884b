"""The ecosystem over the API: registry."""

from ninja import Router

router = Router(tags=["ecosystem"])
