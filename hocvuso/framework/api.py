"""/api/v1 operations of the framework app: public reference data, read-only, no sign-in needed."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Router

from hocvuso.framework import selectors
from hocvuso.framework.constants import VersionStatus
from hocvuso.framework.models import FrameworkVersion
from hocvuso.framework.schemas import (
    CompetencyOut,
    DomainOut,
    ErrorOut,
    FrameworkOut,
    LevelOut,
    MappingOut,
    RequirementOut,
    RuleOut,
    ValidationErrorOut,
    VersionOut,
    VersionSummaryOut,
)

router = Router(tags=["framework"])

# Version numbers are small positive integers; the bound keeps them inside every database's integer.
MAX_NUMBER = 2**31 - 1
Slug = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9.-]*$")]


def version_out(version: FrameworkVersion) -> VersionOut:
    content = selectors.version_content(version)
    return VersionOut(
        framework=version.framework.slug,
        name=version.framework.name,
        number=version.number,
        status=version.status,
        published_at=version.published_at,
        notes=version.notes,
        levels=[
            LevelOut(number=lv.number, name=lv.name, name_translations=lv.name_translations, description=lv.description)
            for lv in content.levels
        ],
        domains=[
            DomainOut(
                code=d.code,
                name=d.name,
                name_translations=d.name_translations,
                description=d.description,
                competencies=[
                    CompetencyOut(
                        code=c.code,
                        name=c.name,
                        name_translations=c.name_translations,
                        description=c.description,
                        maps_to=[
                            MappingOut(
                                framework=m.target.version.framework.slug,
                                version=m.target.version.number,
                                code=m.target.code,
                                name=m.target.name,
                                strength=m.strength,
                            )
                            for m in content.mappings.get(c.pk, [])
                        ],
                    )
                    for c in d.competencies.all()
                ],
            )
            for d in content.domains
        ],
        rules=[
            RuleOut(
                group=r.group,
                description=r.description,
                requirements=[
                    RequirementOut(competency=q.competency.code, min_level=q.min_level) for q in r.requirements.all()
                ],
            )
            for r in content.rules
        ],
    )


@router.get(
    "/frameworks",
    response={200: list[FrameworkOut], 422: ValidationErrorOut},
    auth=None,
    summary="Digital-skills frameworks",
    description=(
        "The frameworks the platform assesses against (Decision 757/QĐ-BKHCN, Circular 02/2025/TT-BGDĐT) "
        "and DigComp 2.2 for comparison, with their published and retired versions. Drafts the province "
        "is still editing are not listed. Public reference data: no sign-in needed."
    ),
)
def list_frameworks(request: HttpRequest) -> list[FrameworkOut]:
    out = []
    for fw in selectors.frameworks_with_versions():
        versions = list(fw.versions.all())
        published = next((v.number for v in versions if v.status == VersionStatus.PUBLISHED), None)
        out.append(
            FrameworkOut(
                slug=fw.slug,
                name=fw.name,
                name_translations=fw.name_translations,
                source=fw.source,
                published_version=published,
                versions=[
                    VersionSummaryOut(number=v.number, status=v.status, published_at=v.published_at) for v in versions
                ],
            )
        )
    return out


@router.get(
    "/frameworks/{slug}",
    response={200: VersionOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="The version of a framework in force",
    description=(
        "Domains, competencies (with their mappings to other frameworks), proficiency levels and, per "
        "group, the rule for “đạt phổ cập kỹ năng số”, as published now."
    ),
)
def get_framework(request: HttpRequest, slug: Slug) -> VersionOut:
    version = selectors.published_version(slug)
    if version is None:
        raise Http404
    return version_out(version)


@router.get(
    "/frameworks/{slug}/versions/{number}",
    response={200: VersionOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="One version of a framework",
    description=(
        "A published or retired version, exactly as it was: past results keep the version they were made under."
    ),
)
def get_framework_version(
    request: HttpRequest, slug: Slug, number: Annotated[int, Path(ge=1, le=MAX_NUMBER)]
) -> VersionOut:
    version = selectors.version_by_number(slug, number)
    if version is None:
        raise Http404
    return version_out(version)
