"""Reads of the campaign app, one module per area (see services/__init__.py); always scoped with
hocvuso.campaign.permissions. `cascade` also exposes the rates the KPI forecast needs."""
