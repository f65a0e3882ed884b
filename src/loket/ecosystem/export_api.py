"""The ecosystem over the API: export."""

from ninja import Router

router = Router(tags=["ecosystem"])
