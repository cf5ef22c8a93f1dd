"""API for hamlets, households, people and import jobs; every operation is scoped by role."""

from ninja import Router

router = Router(tags=["people"])
