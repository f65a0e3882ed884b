"""The ecosystem over the API: agenda."""

from ninja import Router

router = Router(tags=["ecosystem"])
