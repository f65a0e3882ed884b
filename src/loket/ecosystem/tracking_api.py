"""The ecosystem over the API: tracking."""

from ninja import Router

router = Router(tags=["ecosystem"])
