"""The development fund's API for fund administrators (/api/v1/fund/admin/)."""

from ninja import Router

router = Router(tags=["fund-admin"])
