"""The ecosystem over the API: map."""

from ninja import Router

router = Router(tags=["ecosystem"])
