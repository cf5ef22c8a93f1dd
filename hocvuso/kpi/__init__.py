"""KPIs of plan 67/KH-UBND section II and of the campaign models (issue on KPIs).

Owns: the indicator registry (indicators.py, code, not rows), yearly targets (Target: province defaults
from the plan, overrides per commune, hamlet or organisation) and the count tables (UnitCount: one row
per indicator, unit and day), filled by refresh_commune (services.py) and the fill_kpi command, and
refreshed after certificate and attempt events (callbacks registered in apps.py).

May import (STYLE.md layer 7): lib, geo, framework, accounts, people, learning, assessment,
certificates and campaign — through their models, selectors, permissions, constants and hooks.
Nothing below imports kpi: lower apps notify it through certificates.hooks and assessment.hooks.
"""
