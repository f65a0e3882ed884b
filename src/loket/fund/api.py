"""The development fund's API for persons, providers and coaches (/api/v1/fund/)."""

from ninja import Router

router = Router(tags=["fund"])
