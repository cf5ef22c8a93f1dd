"""Reads of frameworks. Frameworks are public reference data: published and retired versions may be
shown to anyone; drafts only to those who edit them (the callers decide, with `include_drafts`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, LEARNERS_TT02, RuleGroup, VersionStatus
from hocvuso.framework.models import (
    Competency,
    CompetencyMapping,
    Domain,
    Framework,
    FrameworkVersion,
    GroupRule,
    ProficiencyLevel,
    RuleRequirement,
)

# Rules are shown in the order of RuleGroup (Decision 757's four groups).
RULE_ORDER: list[str] = list(RuleGroup.values)
# The frameworks compared against DigComp 2.2 on the comparison page.
COMPARED = (BASIC_757, LEARNERS_TT02)


def frameworks_with_versions(*, include_drafts: bool = False) -> QuerySet[Framework]:
    versions = FrameworkVersion.objects.order_by("-number")
    if not include_drafts:
        versions = versions.exclude(status=VersionStatus.DRAFT)
    return Framework.objects.prefetch_related(Prefetch("versions", queryset=versions))


def published_version(slug: str) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework__slug=slug, status=VersionStatus.PUBLISHED)
        .first()
    )


def version_by_number(slug: str, number: int, *, include_drafts: bool = False) -> FrameworkVersion | None:
    qs = FrameworkVersion.objects.select_related("framework").filter(framework__slug=slug, number=number)
    if not include_drafts:
        qs = qs.exclude(status=VersionStatus.DRAFT)
    return qs.first()


def draft_of(framework: Framework) -> FrameworkVersion | None:
    return framework.versions.filter(status=VersionStatus.DRAFT).select_related("framework").first()


def competency_by_code(version: FrameworkVersion, code: str) -> Competency | None:
    return Competency.objects.filter(version=version, code=code).select_related("domain").first()


def competencies_by_code(version: FrameworkVersion) -> dict[str, Competency]:
    return {c.code: c for c in Competency.objects.filter(version=version).select_related("domain")}


def rule_for(version: FrameworkVersion, group: str) -> GroupRule | None:
    """The "đạt phổ cập" rule of `group` in `version`, with its requirements (competency loaded), or None."""
    requirements = RuleRequirement.objects.select_related("competency").order_by(
        "competency__domain__order", "competency__order"
    )
    return (
        GroupRule.objects.filter(version=version, group=group)
        .prefetch_related(Prefetch("requirements", queryset=requirements))
        .first()
    )


def requirements_of(version: FrameworkVersion, group: str) -> dict[str, int]:
    """{competency code: minimum level} for `group`; empty when the version has no rule for it."""
    return dict(
        RuleRequirement.objects.filter(rule__version=version, rule__group=group).values_list(
            "competency__code", "min_level"
        )
    )


@dataclass
class VersionContent:
    version: FrameworkVersion
    levels: list[ProficiencyLevel]
    domains: list[Domain]
    rules: list[GroupRule]
    # competency id -> its mappings (target and the target's framework loaded)
    mappings: dict[int, list[CompetencyMapping]] = field(default_factory=dict)


def version_content(version: FrameworkVersion) -> VersionContent:
    """Everything a version page or the API shows, in a fixed number of queries."""
    mappings = (
        CompetencyMapping.objects.filter(source__version=version)
        .select_related("target__version__framework")
        .order_by("target__version__framework__order", "target__domain__order", "target__order")
    )
    by_source: dict[int, list[CompetencyMapping]] = {}
    for m in mappings:
        by_source.setdefault(m.source_id, []).append(m)
    domains = list(
        Domain.objects.filter(version=version).prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "code"))
        )
    )
    requirements = RuleRequirement.objects.select_related("competency").order_by(
        "competency__domain__order", "competency__order"
    )
    rules = sorted(
        GroupRule.objects.filter(version=version).prefetch_related(Prefetch("requirements", queryset=requirements)),
        key=lambda r: RULE_ORDER.index(r.group) if r.group in RULE_ORDER else len(RULE_ORDER),
    )
    return VersionContent(
        version=version, levels=list(version.levels.all()), domains=domains, rules=rules, mappings=by_source
    )


@dataclass
class ComparedCompetency:
    """One DigComp competence and, per compared framework, its competencies that map onto it."""

    target: Competency
    by_framework: dict[str, list[CompetencyMapping]]


@dataclass
class Comparison:
    reference: FrameworkVersion | None
    frameworks: list[FrameworkVersion]
    rows: list[ComparedCompetency]
    # slug -> DigComp codes no competency of that framework maps onto
    uncovered: dict[str, list[str]]


def comparison(reference_slug: str = DIGCOMP_22, compared: tuple[str, ...] = COMPARED) -> Comparison:
    """The published versions of `compared` set against the published DigComp 2.2, competence by competence."""
    reference = published_version(reference_slug)
    versions = [v for v in (published_version(slug) for slug in compared) if v is not None]
    if reference is None:
        return Comparison(None, versions, [], {})
    targets = list(Competency.objects.filter(version=reference).select_related("domain"))
    mappings = (
        CompetencyMapping.objects.filter(target__version=reference, source__version__in=versions)
        .select_related("source__version__framework")
        .order_by("source__domain__order", "source__order")
    )
    grouped: dict[int, dict[str, list[CompetencyMapping]]] = {}
    for m in mappings:
        slug = m.source.version.framework.slug
        grouped.setdefault(m.target_id, {}).setdefault(slug, []).append(m)
    rows = [
        ComparedCompetency(t, {v.framework.slug: grouped.get(t.pk, {}).get(v.framework.slug, []) for v in versions})
        for t in targets
    ]
    uncovered = {
        v.framework.slug: [row.target.code for row in rows if not row.by_framework[v.framework.slug]] for v in versions
    }
    return Comparison(reference, versions, rows, uncovered)
