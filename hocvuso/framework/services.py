"""Writes to frameworks: loading the data files, and the province's drafts and publications.

Versioning (plan 67 III.2.a: the province adapts the framework "phù hợp với tình hình thực tiễn"):
a version is never changed once published. A changed data file, or a published draft, becomes a
new version; the one it replaces is marked retired and keeps every row, so results recorded under
it (lesson links, attempts, certificates) still read the same.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, LEARNERS_TT02, MappingStrength, RuleGroup, VersionStatus
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

DATA_DIR = Path(__file__).resolve().parent / "data"
# Load order of `load_all` (and `manage.py load_frameworks`); mappings are resolved after the last one.
DATA_FILES = (f"{BASIC_757}.yaml", f"{LEARNERS_TT02}.yaml", f"{DIGCOMP_22}.yaml")

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,39}$")
CODE_MAX = 20
NAME_MAX = 200
TOP_KEYS = {"slug", "name", "name_translations", "source", "order", "notes", "levels", "domains", "rules"}
LEVEL_KEYS = {"number", "name", "name_translations", "description"}
DOMAIN_KEYS = {"code", "name", "name_translations", "description", "competencies"}
COMPETENCY_KEYS = {"code", "name", "name_translations", "description", "maps_to"}
RULE_KEYS = {"description", "requirements"}


class FrameworkError(ValueError):
    """A framework could not be loaded or changed; the message is a sentence for the user."""


class FrameworkFileError(FrameworkError):
    """A data file is not valid. Names the file and the key, e.g. `basic-757.yaml, rules.citizen: ...`."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        super().__init__(_("%(file)s, key “%(key)s”: %(problem)s") % {"file": file, "key": key, "problem": problem})


# Parsing --------------------------------------------------------------------------------------


@dataclass
class ParsedCompetency:
    code: str
    name: str
    name_translations: dict[str, str]
    description: str
    maps_to: dict[str, dict[str, str]]


@dataclass
class ParsedDomain:
    code: str
    name: str
    name_translations: dict[str, str]
    description: str
    competencies: list[ParsedCompetency]


@dataclass
class ParsedLevel:
    number: int
    name: str
    name_translations: dict[str, str]
    description: str


@dataclass
class ParsedRule:
    description: str
    requirements: dict[str, int]


@dataclass
class ParsedFramework:
    slug: str
    name: str
    name_translations: dict[str, str]
    source: str
    order: int
    notes: str
    levels: list[ParsedLevel]
    domains: list[ParsedDomain]
    rules: dict[str, ParsedRule] = field(default_factory=dict)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


class _Reader:
    """Checks one file's values, raising FrameworkFileError with the file name and the key path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str) -> FrameworkFileError:
        return FrameworkFileError(self.file, key, problem)

    def mapping(self, value: Any, key: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, _("must be a mapping of keys to values"))
        if allowed is not None:
            unknown = sorted(str(k) for k in value if k not in allowed)
            if unknown:
                raise self.fail(key, _("unknown key(s) %(keys)s") % {"keys": ", ".join(unknown)})
        return value

    def items(self, value: Any, key: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, _("must be a non-empty list"))
        return value

    def text(self, data: dict[str, Any], name: str, key: str, *, required: bool = True, max_length: int = 0) -> str:
        value = data.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            raise self.fail(_join(key, name), _("is missing or empty"))
        text = str(value).strip()
        if max_length and len(text) > max_length:
            raise self.fail(_join(key, name), _("is longer than %(n)d characters") % {"n": max_length})
        return text

    def translations(self, data: dict[str, Any], key: str) -> dict[str, str]:
        value = data.get("name_translations") or {}
        where = _join(key, "name_translations")
        self.mapping(value, where)
        known = {code for code, _name in settings.LANGUAGES}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in known:
                raise self.fail(where, _("unknown language “%(lang)s”") % {"lang": lang})
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{where}.{lang}", _("is missing or empty"))
            out[str(lang)] = text.strip()
        return out


def parse_framework(content: bytes | str, file: str) -> ParsedFramework:
    """Read and check a framework data file (format: docs/frameworks.md)."""
    r = _Reader(file)
    try:
        data = yaml.load(content, Loader=SafeLoader)  # noqa: S506 - a safe loader (libyaml's when installed)
    except yaml.YAMLError as exc:
        raise r.fail("-", _("the file is not valid YAML (%(error)s)") % {"error": str(exc).splitlines()[0]}) from exc
    data = r.mapping(data, "-", TOP_KEYS)
    slug = r.text(data, "slug", "", max_length=40)
    if not SLUG_RE.match(slug):
        raise r.fail("slug", _("use lower-case letters, digits, dots and dashes only"))
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise r.fail("order", _("must be a whole number, 0 or more"))

    levels: list[ParsedLevel] = []
    for i, item in enumerate(r.items(data.get("levels"), "levels")):
        key = f"levels[{i}]"
        item = r.mapping(item, key, LEVEL_KEYS)
        number = item.get("number")
        if number != i + 1:
            problem = _("levels must be numbered 1, 2, 3 … in order (expected %(n)d)") % {"n": i + 1}
            raise r.fail(f"{key}.number", problem)
        levels.append(
            ParsedLevel(
                number=i + 1,
                name=r.text(item, "name", key, max_length=120),
                name_translations=r.translations(item, key),
                description=r.text(item, "description", key, required=False),
            )
        )

    domains: list[ParsedDomain] = []
    codes: set[str] = set()
    domain_codes: set[str] = set()
    for i, item in enumerate(r.items(data.get("domains"), "domains")):
        key = f"domains[{i}]"
        item = r.mapping(item, key, DOMAIN_KEYS)
        code = r.text(item, "code", key, max_length=CODE_MAX)
        if code in domain_codes:
            raise r.fail(f"{key}.code", _("the code %(code)s is used twice") % {"code": code})
        domain_codes.add(code)
        competencies: list[ParsedCompetency] = []
        for j, citem in enumerate(r.items(item.get("competencies"), f"{key}.competencies")):
            ckey = f"{key}.competencies[{j}]"
            citem = r.mapping(citem, ckey, COMPETENCY_KEYS)
            ccode = r.text(citem, "code", ckey, max_length=CODE_MAX)
            if ccode in codes:
                raise r.fail(f"{ckey}.code", _("the code %(code)s is used twice") % {"code": ccode})
            codes.add(ccode)
            competencies.append(
                ParsedCompetency(
                    code=ccode,
                    name=r.text(citem, "name", ckey, max_length=NAME_MAX),
                    name_translations=r.translations(citem, ckey),
                    description=r.text(citem, "description", ckey, required=False),
                    maps_to=_parse_maps_to(r, citem.get("maps_to"), f"{ckey}.maps_to", slug),
                )
            )
        domains.append(
            ParsedDomain(
                code=code,
                name=r.text(item, "name", key, max_length=NAME_MAX),
                name_translations=r.translations(item, key),
                description=r.text(item, "description", key, required=False),
                competencies=competencies,
            )
        )

    rules: dict[str, ParsedRule] = {}
    for group, item in r.mapping(data.get("rules") or {}, "rules").items():
        key = f"rules.{group}"
        if group not in RuleGroup.values:
            raise r.fail(key, _("unknown group; use one of %(groups)s") % {"groups": ", ".join(RuleGroup.values)})
        item = r.mapping(item, key, RULE_KEYS)
        requirements: dict[str, int] = {}
        for code, level in r.mapping(item.get("requirements"), f"{key}.requirements").items():
            rkey = f"{key}.requirements.{code}"
            if str(code) not in codes:
                raise r.fail(rkey, _("no competency has this code"))
            if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= len(levels):
                raise r.fail(rkey, _("the level must be one of the levels 1 to %(n)d") % {"n": len(levels)})
            requirements[str(code)] = level
        if not requirements:
            raise r.fail(f"{key}.requirements", _("must name at least one competency"))
        rules[str(group)] = ParsedRule(r.text(item, "description", key, required=False), requirements)

    return ParsedFramework(
        slug=slug,
        name=r.text(data, "name", "", max_length=NAME_MAX),
        name_translations=r.translations(data, ""),
        source=r.text(data, "source", "", required=False, max_length=300),
        order=order,
        notes=r.text(data, "notes", "", required=False),
        levels=levels,
        domains=domains,
        rules=rules,
    )


def _parse_maps_to(r: _Reader, value: Any, key: str, own_slug: str) -> dict[str, dict[str, str]]:
    """`{digcomp-2.2: {full: ["1.2"], partial: ["1.1"]}}` -> `{"digcomp-2.2": {"1.2": "full", "1.1": "partial"}}`."""
    if value is None:
        return {}
    out: dict[str, dict[str, str]] = {}
    for target, by_strength in r.mapping(value, key).items():
        tkey = f"{key}.{target}"
        if target == own_slug:
            raise r.fail(tkey, _("a framework cannot map onto itself"))
        codes: dict[str, str] = {}
        for strength, listed in r.mapping(by_strength, tkey, set(MappingStrength.values)).items():
            if not isinstance(listed, list) or not listed:
                raise r.fail(f"{tkey}.{strength}", _("must be a non-empty list"))
            for code in listed:
                if str(code) in codes:
                    raise r.fail(f"{tkey}.{strength}", _("the code %(code)s is listed twice") % {"code": code})
                codes[str(code)] = str(strength)
        out[str(target)] = codes
    return out


# Loading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    version: FrameworkVersion
    created: bool  # False: the file had not changed since it was last loaded


def load_framework_file(path: Path | str) -> FrameworkVersion:
    """Load one data file: unchanged since its last load -> nothing happens; changed -> a new published version."""
    return _load_file(Path(path)).version


def load_all(directory: Path | None = None) -> list[LoadResult]:
    """Load the shipped frameworks in order, then resolve their mappings, all or nothing."""
    directory = directory or DATA_DIR
    with transaction.atomic():
        results = [_load_file(directory / name, resolve=False) for name in DATA_FILES]
        resolve_mappings(strict=True)
    return results


def _load_file(path: Path, *, resolve: bool = True) -> LoadResult:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FrameworkFileError(path.name, "-", _("the file cannot be read (%(error)s)") % {"error": exc}) from exc
    digest = hashlib.sha256(content).hexdigest()
    parsed = _parse_cached(content, path.name)
    with transaction.atomic():
        framework, _created = Framework.objects.get_or_create(
            slug=parsed.slug,
            defaults={
                "name": parsed.name,
                "name_translations": parsed.name_translations,
                "source": parsed.source,
                "order": parsed.order,
            },
        )
        framework = Framework.objects.select_for_update().get(pk=framework.pk)
        published = framework.versions.filter(status=VersionStatus.PUBLISHED).first()
        # Compare with the last version made from the file, not with the published one: a draft the
        # province published since then must survive re-running the loader with the same file.
        last_loaded = framework.versions.exclude(content_hash="").order_by("-number").first()
        if published is not None and last_loaded is not None and last_loaded.content_hash == digest:
            return LoadResult(published, created=False)
        Framework.objects.filter(pk=framework.pk).update(
            name=parsed.name, name_translations=parsed.name_translations, source=parsed.source, order=parsed.order
        )
        version = _new_version(framework, notes=parsed.notes, content_hash=digest, user=None)
        _write_content(version, parsed)
        _publish(version, user=None)
        if resolve:
            resolve_mappings(strict=False)
    return LoadResult(version, created=True)


@functools.lru_cache(maxsize=16)
def _parse_cached(content: bytes, file: str) -> ParsedFramework:
    """Parsing is most of a load's time; tests load the same three files again and again."""
    return parse_framework(content, file)


def _new_version(framework: Framework, *, notes: str, content_hash: str, user: Any) -> FrameworkVersion:
    number = (framework.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    return FrameworkVersion.objects.create(
        framework=framework,
        number=number,
        status=VersionStatus.DRAFT,
        notes=notes,
        content_hash=content_hash,
        created_by=user,
    )


def _publish(version: FrameworkVersion, *, user: Any) -> None:
    """Make `version` the published one; the version it replaces is retired (its content untouched)."""
    FrameworkVersion.objects.filter(framework_id=version.framework_id, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["status", "published_at", "published_by"])


def _write_content(version: FrameworkVersion, parsed: ParsedFramework) -> None:
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(
            version=version,
            number=lvl.number,
            name=lvl.name,
            name_translations=lvl.name_translations,
            description=lvl.description,
        )
        for lvl in parsed.levels
    )
    domains = Domain.objects.bulk_create(
        Domain(
            version=version,
            code=d.code,
            name=d.name,
            name_translations=d.name_translations,
            description=d.description,
            order=i,
        )
        for i, d in enumerate(parsed.domains, start=1)
    )
    competencies = Competency.objects.bulk_create(
        Competency(
            version=version,
            domain=domain,
            code=c.code,
            name=c.name,
            name_translations=c.name_translations,
            description=c.description,
            order=j,
            maps_to=c.maps_to,
        )
        for domain, d in zip(domains, parsed.domains, strict=True)
        for j, c in enumerate(d.competencies, start=1)
    )
    by_code = {c.code: c for c in competencies}
    rules = GroupRule.objects.bulk_create(
        GroupRule(version=version, group=group, description=rule.description) for group, rule in parsed.rules.items()
    )
    RuleRequirement.objects.bulk_create(
        RuleRequirement(rule=rule, competency=by_code[code], min_level=level)
        for rule, parsed_rule in zip(rules, parsed.rules.values(), strict=True)
        for code, level in parsed_rule.requirements.items()
    )


def resolve_mappings(*, strict: bool = False, versions: Iterable[FrameworkVersion] | None = None) -> int:
    """Create the CompetencyMapping rows declared in `maps_to`, against each target's published version.

    Runs over the published versions (or `versions`). A target framework not loaded yet is skipped,
    or an error when `strict`. A code the target does not have is always an error. Returns rows added.
    """
    if versions is None:
        versions = FrameworkVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("framework")
    targets: dict[str, dict[str, Competency] | None] = {}
    wanted: list[CompetencyMapping] = []
    for version in versions:
        sources = Competency.objects.filter(version=version).exclude(maps_to={})
        existing = set(CompetencyMapping.objects.filter(source__version=version).values_list("source_id", "target_id"))
        for source in sources:
            for slug, codes in source.maps_to.items():
                if slug not in targets:
                    target_version = FrameworkVersion.objects.filter(
                        framework__slug=slug, status=VersionStatus.PUBLISHED
                    ).first()
                    targets[slug] = (
                        {c.code: c for c in Competency.objects.filter(version=target_version)}
                        if target_version is not None
                        else None
                    )
                by_code = targets[slug]
                where = _("Framework %(framework)s, competency %(code)s") % {
                    "framework": version.framework.slug,
                    "code": source.code,
                }
                if by_code is None:
                    if strict:
                        raise FrameworkError(
                            _("%(where)s: “maps_to” names the framework %(target)s, which is not loaded.")
                            % {"where": where, "target": slug}
                        )
                    continue
                for code, strength in codes.items():
                    target = by_code.get(code)
                    if target is None:
                        raise FrameworkError(
                            _("%(where)s: “maps_to” names %(target)s %(target_code)s, which does not exist.")
                            % {"where": where, "target": slug, "target_code": code}
                        )
                    if (source.pk, target.pk) not in existing:
                        existing.add((source.pk, target.pk))
                        wanted.append(CompetencyMapping(source=source, target=target, strength=strength))
    CompetencyMapping.objects.bulk_create(wanted)
    return len(wanted)


# The province's drafts ------------------------------------------------------------------------


def start_draft(framework: Framework, user: Any) -> FrameworkVersion:
    """Copy the published version into a new draft. One draft per framework at a time."""
    with transaction.atomic():
        framework = Framework.objects.select_for_update().get(pk=framework.pk)
        if framework.versions.filter(status=VersionStatus.DRAFT).exists():
            raise FrameworkError(_("This framework already has a draft: edit it, publish it or discard it."))
        published = framework.versions.filter(status=VersionStatus.PUBLISHED).first()
        if published is None:
            raise FrameworkError(_("This framework has no published version to start from."))
        try:
            with transaction.atomic():
                draft = _new_version(framework, notes=published.notes, content_hash="", user=user)
        except IntegrityError as exc:  # a concurrent start won the race; the constraint backs the check
            raise FrameworkError(_("This framework already has a draft: edit it, publish it or discard it.")) from exc
        _copy_content(published, draft)
    return draft


def _copy_content(source: FrameworkVersion, draft: FrameworkVersion) -> None:
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(
            version=draft,
            number=lvl.number,
            name=lvl.name,
            name_translations=lvl.name_translations,
            description=lvl.description,
        )
        for lvl in source.levels.all()
    )
    old_domains = list(source.domains.all())
    new_domains = Domain.objects.bulk_create(
        Domain(
            version=draft,
            code=d.code,
            name=d.name,
            name_translations=d.name_translations,
            description=d.description,
            order=d.order,
        )
        for d in old_domains
    )
    domain_for = {old.pk: new for old, new in zip(old_domains, new_domains, strict=True)}
    old_comps = list(source.competencies.all())
    new_comps = Competency.objects.bulk_create(
        Competency(
            version=draft,
            domain=domain_for[c.domain_id],
            code=c.code,
            name=c.name,
            name_translations=c.name_translations,
            description=c.description,
            order=c.order,
            maps_to=c.maps_to,
        )
        for c in old_comps
    )
    comp_for = {old.pk: new for old, new in zip(old_comps, new_comps, strict=True)}
    CompetencyMapping.objects.bulk_create(
        CompetencyMapping(source=comp_for[m.source_id], target_id=m.target_id, strength=m.strength)
        for m in CompetencyMapping.objects.filter(source__version=source)
    )
    old_rules = list(source.rules.all())
    new_rules = GroupRule.objects.bulk_create(
        GroupRule(version=draft, group=r.group, description=r.description) for r in old_rules
    )
    rule_for = {old.pk: new for old, new in zip(old_rules, new_rules, strict=True)}
    RuleRequirement.objects.bulk_create(
        RuleRequirement(rule=rule_for[q.rule_id], competency=comp_for[q.competency_id], min_level=q.min_level)
        for q in RuleRequirement.objects.filter(rule__version=source)
    )


def _draft(version: FrameworkVersion) -> FrameworkVersion:
    """The same version, locked, if it is still a draft; published and retired versions never change."""
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise FrameworkError(_("Only a draft can be changed; published versions are kept as they are."))
    return locked


def _competency(version: FrameworkVersion, code: str) -> Competency:
    competency = Competency.objects.filter(version=version, code=code).first()
    if competency is None:
        raise FrameworkError(_("No competency has the code %(code)s in this draft.") % {"code": code})
    return competency


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise FrameworkError(_("The name cannot be empty."))
    if len(name) > NAME_MAX:
        raise FrameworkError(_("The name is longer than %(n)d characters.") % {"n": NAME_MAX})
    return name


def edit_draft_notes(version: FrameworkVersion, notes: str) -> FrameworkVersion:
    with transaction.atomic():
        draft = _draft(version)
        draft.notes = notes.strip()
        draft.save(update_fields=["notes"])
    return draft


def edit_domain(version: FrameworkVersion, code: str, *, name: str, description: str) -> Domain:
    with transaction.atomic():
        draft = _draft(version)
        domain = Domain.objects.filter(version=draft, code=code).first()
        if domain is None:
            raise FrameworkError(_("No domain has the code %(code)s in this draft.") % {"code": code})
        domain.name, domain.description = _clean_name(name), description.strip()
        domain.save(update_fields=["name", "description"])
    return domain


def edit_competency(version: FrameworkVersion, code: str, *, name: str, description: str) -> Competency:
    with transaction.atomic():
        competency = _competency(_draft(version), code)
        competency.name, competency.description = _clean_name(name), description.strip()
        competency.save(update_fields=["name", "description"])
    return competency


def add_competency(
    version: FrameworkVersion, *, domain_code: str, code: str, name: str, description: str = ""
) -> Competency:
    code = code.strip()
    if not code or len(code) > CODE_MAX or any(ch.isspace() for ch in code):
        raise FrameworkError(
            _("A competency code has 1 to %(n)d characters and no spaces, e.g. CB-7.7.") % {"n": CODE_MAX}
        )
    with transaction.atomic():
        draft = _draft(version)
        domain = Domain.objects.filter(version=draft, code=domain_code).first()
        if domain is None:
            raise FrameworkError(_("No domain has the code %(code)s in this draft.") % {"code": domain_code})
        if Competency.objects.filter(version=draft, code=code).exists():
            raise FrameworkError(_("The code %(code)s is already used in this framework.") % {"code": code})
        order = (domain.competencies.aggregate(m=Max("order"))["m"] or 0) + 1
        return Competency.objects.create(
            version=draft,
            domain=domain,
            code=code,
            name=_clean_name(name),
            description=description.strip(),
            order=order,
        )


def remove_competency(version: FrameworkVersion, code: str) -> None:
    """Remove a competency from a draft, with its rule requirements and mappings (rules left empty go too)."""
    with transaction.atomic():
        draft = _draft(version)
        competency = _competency(draft, code)
        if Competency.objects.filter(domain_id=competency.domain_id).count() == 1:
            raise FrameworkError(_("A domain keeps at least one competency."))
        competency.delete()
        GroupRule.objects.filter(version=draft, requirements__isnull=True).delete()


def set_requirement(version: FrameworkVersion, group: str, code: str, min_level: int | None) -> None:
    """Require `code` at `min_level` for `group` in a draft; None removes it (and an emptied rule)."""
    if group not in RuleGroup.values:
        raise FrameworkError(_("Unknown group."))
    with transaction.atomic():
        draft = _draft(version)
        competency = _competency(draft, code)
        if min_level is None:
            RuleRequirement.objects.filter(rule__version=draft, rule__group=group, competency=competency).delete()
            GroupRule.objects.filter(version=draft, group=group, requirements__isnull=True).delete()
            return
        if not draft.levels.filter(number=min_level).exists():
            raise FrameworkError(_("This framework has no level %(n)s.") % {"n": min_level})
        rule, _created = GroupRule.objects.get_or_create(version=draft, group=group)
        RuleRequirement.objects.update_or_create(rule=rule, competency=competency, defaults={"min_level": min_level})


def publish_draft(version: FrameworkVersion, user: Any) -> FrameworkVersion:
    """The draft becomes the published version; the one before is retired and stays as it was."""
    with transaction.atomic():
        draft = _draft(version)
        _publish(draft, user=user)
        # Mappings of competencies added in the draft, and of targets re-published since it started.
        resolve_mappings(strict=False, versions=[draft])
    return draft


def discard_draft(version: FrameworkVersion) -> None:
    with transaction.atomic():
        _draft(version).delete()
