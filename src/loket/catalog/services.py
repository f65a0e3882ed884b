"""Catalogue work with the ORM: providers, courses and offerings, import, export and search.

Every write validates through the models' ``full_clean`` and runs in one
transaction: bad input raises ValidationError (Dutch messages per field) and
nothing changes.
"""

import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Organisation
from loket.geography.models import Municipality
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind, Label
from loket.taxonomy.services import lookup

from .entries import COURSE_FIELDS, OFFERING_FIELDS, ImportFailed, ImportProblem
from .models import Course, CourseSkill, Modality, Offering, Provider

SKILL_KINDS = (ConceptKind.SKILL,)


# --- Who is a provider -------------------------------------------------------


def provider_organisations(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, memberships__user=user).order_by("name")


def provider_of(user):
    """The user's provider (the first provider organisation they belong to that has one), or None."""
    return Provider.objects.select_related("organisation").filter(organisation__in=provider_organisations(user)).first()


@transaction.atomic
def register_provider(organisation, kind, recognitions=(), brin="", municipality=None, description=""):
    provider = Provider(
        organisation=organisation, kind=kind, recognitions=list(recognitions), brin=brin, municipality=municipality,
        description=description,
    )
    provider.full_clean()
    provider.save()
    return provider


def own_courses(provider):
    return Course.objects.filter(provider=provider)


# --- Courses and offerings ---------------------------------------------------


def is_number(ref):
    return ref.isascii() and ref.isdigit()


def skills_by_reference(references):
    """Concepts for ids or ESCO URIs: (found in the given order, references not known).

    Digits are an id; digits too large to be one are simply not known."""
    references = [str(ref) for ref in references]
    ids = {ref: row_id(ref) for ref in references if is_number(ref)}
    uris = [ref for ref in references if not is_number(ref)]
    wanted = Q(pk__in=[pk for pk in ids.values() if pk]) | Q(uri__in=uris)
    found = {c.pk: c for c in Concept.objects.filter(kind__in=SKILL_KINDS).filter(wanted)}
    by_uri = {c.uri: c for c in found.values()}
    concepts, unknown = [], []
    for ref in references:
        concept = found.get(ids[ref]) if ref in ids else by_uri.get(ref)
        (concepts.append(concept) if concept else unknown.append(ref))
    return list(dict.fromkeys(concepts)), unknown


def set_skills(course, skills):
    CourseSkill.objects.filter(course=course).exclude(skill__in=skills).delete()
    have = set(CourseSkill.objects.filter(course=course).values_list("skill_id", flat=True))
    CourseSkill.objects.bulk_create([CourseSkill(course=course, skill=s) for s in skills if s.pk not in have])


@transaction.atomic
def save_course(provider, values, skill_refs, course=None):
    """Create or update a course with its whole skill list; ValidationError with messages per field."""
    course = course or Course(provider=provider)
    if course.provider_id != provider.pk:
        raise ValidationError({"__all__": [_("Deze opleiding hoort bij een andere opleider.")]})
    for name, value in values.items():
        setattr(course, name, value)
    errors = {}
    skills, unknown = skills_by_reference(list(skill_refs))
    if unknown:
        errors["skills"] = [_("Onbekende ESCO-vaardigheid: %(ref)s.") % {"ref": ref} for ref in unknown]
    try:
        course.full_clean(exclude=["provider"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    course.save()
    set_skills(course, skills)
    return course


@transaction.atomic
def save_offering(course, values, offering=None):
    offering = offering or Offering(course=course)
    for name, value in values.items():
        setattr(offering, name, value)
    if offering.modality == Modality.ONLINE and "municipality" not in values:
        offering.municipality = None
    offering.full_clean(exclude=["course"])
    offering.save()
    return offering


def delete_course(course):
    course.delete()


# --- Import --------------------------------------------------------------------


@dataclass
class ImportResult:
    courses_created: int = 0
    courses_updated: int = 0  # a value or the skill list differed
    courses_unchanged: int = 0
    offerings_created: int = 0
    offerings_updated: int = 0
    offerings_unchanged: int = 0


def _problems_from(error, entry, where=None):
    where = where or entry.where
    problems = []
    for name, messages in error.message_dict.items():
        label = entry.names.get(name, "" if name == "__all__" else name)
        problems += [ImportProblem(where, label, message) for message in messages]
    return problems


def import_file(provider, data, file_format):
    """Parse an OOAPI (``ooapi``) or CSV (``csv``) file and import it; ImportFailed lists every problem."""
    from . import csv_io, ooapi

    parser = {"ooapi": ooapi, "csv": csv_io}[file_format]
    entries, problems = parser.parse(data)
    return import_catalogue(provider, entries, problems)


def _position(problem):
    """Sort key: the numbers in 'regel 12' or '$.items[3].offerings[1]', file-level first."""
    return [int(n) for n in re.findall(r"\d+", problem.where)]


def import_catalogue(provider, entries, parse_problems=()):
    """Store parsed entries all or nothing; ImportFailed with every problem found otherwise.

    A course is matched on its OOAPI id, then on its code at this provider; an
    offering on its OOAPI id, then its code within the course. Matches are
    updated, the rest created; nothing in the catalogue that the file does not
    name is deleted.
    """
    problems = []
    all_uris = {uri for entry in entries for uri in entry.skills}
    skills = {c.uri: c for c in Concept.objects.filter(kind__in=SKILL_KINDS, uri__in=all_uris)}
    codes = {o.municipality for e in entries for o in e.offerings if o.municipality}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    course_ids = {e.ooapi_id for e in entries if e.ooapi_id}
    offering_ids = {o.ooapi_id for e in entries for o in e.offerings if o.ooapi_id}
    existing_courses = {str(c.ooapi_id): c for c in Course.objects.filter(ooapi_id__in=course_ids)}
    existing_offerings = {str(o.ooapi_id): o for o in Offering.objects.select_related("course").filter(ooapi_id__in=offering_ids)}
    by_code = {c.code: c for c in Course.objects.filter(provider=provider).exclude(code="")}
    offerings_by_code = {
        (o.course_id, o.code): o for o in Offering.objects.filter(course__provider=provider).exclude(code="")
    }
    # What the file named so far: ids, codes (an offering's within its entry) and the stored rows they matched.
    seen_courses, seen_offerings = set(), set()

    plan = []  # (course, skills, [offering])
    for index, entry in enumerate(entries):
        course = existing_courses.get(entry.ooapi_id) if entry.ooapi_id else None
        if course is not None and course.provider_id != provider.pk:
            problems.append(ImportProblem(entry.where, entry.names.get("ooapi_id", "id"), _("Deze opleiding hoort bij een andere opleider.")))
            continue
        same_code = by_code.get(entry.code) if entry.code else None
        if course is None and not entry.ooapi_id:
            course = same_code
        elif same_code is not None and same_code != course:
            # A code names one course at a provider: taking it over would leave two courses with one code,
            # and keeping the stored id would silently ignore the id in the file.
            problems.append(ImportProblem(
                entry.where, entry.names.get("code", "code"),
                _("Deze code hoort bij opleiding met id %(id)s (“%(title)s”); gebruik dat id of een andere code.")
                % {"id": same_code.ooapi_id, "title": same_code.title},
            ))  # fmt: skip
            continue
        keys = named_keys(entry.ooapi_id, entry.code, course)
        if keys & seen_courses:
            problems.append(ImportProblem(entry.where, entry.names.get("ooapi_id", "id"), _("Deze opleiding staat al eerder in het bestand.")))
            continue
        seen_courses |= keys
        if course is None:
            course = Course(provider=provider, ooapi_id=entry.ooapi_id or uuid.uuid4())
        course._stored = stored_values(course, COURSE_WRITE_FIELDS)
        course.code = entry.code or course.code
        for name in COURSE_FIELDS:
            if name in entry.values:
                setattr(course, name, entry.values[name])
        course_skills = []
        for uri in entry.skills:
            if uri in skills:
                course_skills.append(skills[uri])
            else:
                problems.append(ImportProblem(entry.where, entry.names.get("skills", "skills"), _("Onbekende ESCO-vaardigheid: %(uri)s.") % {"uri": uri}))
        try:
            # ooapi_id uniqueness is settled above; the checks that need no query are enough here.
            course.full_clean(exclude=["provider", "ooapi_id"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems += _problems_from(error, entry)
        offerings = []
        for item in entry.offerings:
            offering = existing_offerings.get(item.ooapi_id) if item.ooapi_id else None
            if offering is not None and offering.course.provider_id != provider.pk:
                problems.append(ImportProblem(item.where, item.names.get("ooapi_id", "id"), _("Dit aanbod hoort bij een andere opleider.")))
                continue
            if offering is not None and offering.course_id != course.pk:
                # Also when the row's course is new: an offering never moves to another course.
                problems.append(ImportProblem(
                    item.where, item.names.get("ooapi_id", "id"),
                    _("Dit aanbod hoort bij de opleiding “%(title)s”; aanbod verhuist niet naar een andere opleiding.")
                    % {"title": offering.course.title},
                ))  # fmt: skip
                continue
            same_code = offerings_by_code.get((course.pk, item.code)) if course.pk and item.code else None
            if offering is None and not item.ooapi_id:
                offering = same_code
            elif same_code is not None and same_code != offering:
                problems.append(ImportProblem(
                    item.where, item.names.get("code", "code"),
                    _("Deze code hoort bij ander aanbod van deze opleiding, met id %(id)s; gebruik dat id of een andere code.")
                    % {"id": same_code.ooapi_id},
                ))  # fmt: skip
                continue
            # Offering codes count within their course, which the file names once: its entry stands for it.
            okeys = named_keys(item.ooapi_id, item.code and (index, item.code), offering)
            if okeys & seen_offerings:
                problems.append(ImportProblem(item.where, item.names.get("ooapi_id", "id"), _("Dit aanbod staat al eerder in het bestand.")))
                continue
            seen_offerings |= okeys
            offering = offering or Offering(ooapi_id=item.ooapi_id or uuid.uuid4())
            offering._stored = stored_values(offering, OFFERING_WRITE_FIELDS)
            offering.code = item.code or offering.code
            for name in OFFERING_FIELDS:
                if name in item.values:
                    setattr(offering, name, item.values[name])
            offering.municipality = None
            if item.municipality:
                offering.municipality = municipalities.get(item.municipality)
                if offering.municipality is None:
                    problems.append(ImportProblem(item.where, item.names.get("municipality", "municipality"), _("Onbekende gemeentecode: %(code)s.") % {"code": item.municipality}))
                    offerings.append(offering)
                    continue
            try:
                # The municipality was looked up above, and clean() checks end >= start with a Dutch
                # message; skipping those per-row queries makes a large import several times faster.
                offering.full_clean(exclude=["course", "ooapi_id", "municipality"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                problems += _problems_from(error, item)
            offerings.append(offering)
        plan.append((course, course_skills, offerings))
    # A value the parser already refused is not also reported as empty by the model.
    reported = {(p.where, p.field) for p in parse_problems}
    problems = list(parse_problems) + [p for p in problems if (p.where, p.field) not in reported]
    if problems:
        raise ImportFailed(sorted(problems, key=_position))

    return store_plan(plan)


def named_keys(ooapi_id, code, stored):
    """How a file names a course or offering, to find it named twice: its id, its code, the stored row it matched."""
    names = (("id", ooapi_id), ("code", code), ("stored", stored.pk if stored is not None else None))
    return {(kind, value) for kind, value in names if value}


COURSE_WRITE_FIELDS = (*COURSE_FIELDS, "code")
OFFERING_WRITE_FIELDS = (*OFFERING_FIELDS, "code", "municipality_id", "course_id")


def stored_values(obj, fields):
    return {name: getattr(obj, name) for name in fields} if obj.pk else None


def changed_fields(obj, fields):
    return [name.removesuffix("_id") for name in fields if getattr(obj, name) != obj._stored[name]]


def store_plan(plan):
    """Write checked courses, skills and offerings in one transaction.

    New rows go in bulk; a matched row is written only when one of its values
    differs, field by field (bulk_update's CASE expressions were slower than
    that at a provider's scale), so re-importing an unchanged file writes nothing.
    A matched row counts as updated only when something of it changed.
    """
    result = ImportResult()
    with transaction.atomic():
        new_courses = [course for course, _skills, _offerings in plan if course.pk is None]
        Course.objects.bulk_create(new_courses, batch_size=500)
        changed_courses = set()
        for course, _skills, _offerings in plan:
            if course._stored is not None:
                changed = changed_fields(course, COURSE_WRITE_FIELDS)
                if changed:
                    course.save(update_fields=[*changed, "updated_at"])
                    changed_courses.add(course.pk)

        course_ids = [course.pk for course, _skills, _offerings in plan]
        wanted = {(course.pk, skill.pk) for course, skills, _offerings in plan for skill in skills}
        links = list(CourseSkill.objects.filter(course_id__in=course_ids).values_list("pk", "course_id", "skill_id"))
        dropped = [(pk, c) for pk, c, s in links if (c, s) not in wanted]
        CourseSkill.objects.filter(pk__in=[pk for pk, _c in dropped]).delete()
        have = {(c, s) for _pk, c, s in links}
        added = sorted(wanted - have)
        CourseSkill.objects.bulk_create([CourseSkill(course_id=c, skill_id=s) for c, s in added], batch_size=1000)
        changed_courses |= {c for _pk, c in dropped} | {c for c, _s in added}
        matched_courses = [course for course, _skills, _offerings in plan if course._stored is not None]
        result.courses_created = len(new_courses)
        result.courses_updated = sum(course.pk in changed_courses for course in matched_courses)
        result.courses_unchanged = len(matched_courses) - result.courses_updated

        new_offerings = []
        for course, _skills, offerings in plan:
            for offering in offerings:
                offering.course = course
                if offering._stored is None:
                    new_offerings.append(offering)
                else:
                    changed = changed_fields(offering, OFFERING_WRITE_FIELDS)
                    if changed:
                        offering.save(update_fields=[*changed, "updated_at"])
                        result.offerings_updated += 1
                    else:
                        result.offerings_unchanged += 1
        Offering.objects.bulk_create(new_offerings, batch_size=500)
        result.offerings_created = len(new_offerings)
    return result


def catalogue_for_export(provider):
    """The provider's courses with skills and offerings, ready for ooapi.py / csv_io.py."""
    return (
        Course.objects.filter(provider=provider)
        .prefetch_related(
            Prefetch(
                "course_skills",
                queryset=CourseSkill.objects.select_related("skill")
                .prefetch_related(Prefetch("skill__labels", queryset=Label.objects.filter(kind=Label.Kind.PREFERRED)))
                .order_by("skill__uri"),
            ),
            Prefetch("offerings", queryset=Offering.objects.select_related("municipality").order_by("start_date", "id")),
        )
        .order_by("title_nl", "id")
    )


# --- Public search -------------------------------------------------------------


@dataclass
class SearchFilters:
    skill: str = ""  # ESCO skill id or URI
    q: str = ""  # words in the course title
    level: str = ""
    modality: str = ""
    region: str = ""  # labour-market region code; online offerings count in every region
    max_price_eur: float | None = None
    start_from: object = None
    start_to: object = None
    include_unbookable: bool = False


def search_offerings(filters, on=None):
    """Offerings matching the filters, with what a result line shows loaded in a fixed number of queries."""
    offerings = Offering.objects.all() if filters.include_unbookable else Offering.objects.bookable(on)
    if filters.skill:
        ref = str(filters.skill)
        skill_id = row_id(ref)
        skill_q = Q(course__course_skills__skill_id=skill_id) if skill_id else Q(course__course_skills__skill__uri=ref)
        offerings = offerings.filter(skill_q)
    if filters.q:
        for word in filters.q.split()[:8]:
            offerings = offerings.filter(Q(course__title_nl__icontains=word) | Q(course__title_en__icontains=word))
    if filters.level:
        offerings = offerings.filter(course__level=filters.level)
    if filters.modality:
        offerings = offerings.filter(modality=filters.modality)
    if filters.region:
        offerings = offerings.filter(Q(modality=Modality.ONLINE) | Q(municipality__region__code=filters.region))
    if filters.max_price_eur is not None:
        offerings = offerings.filter(price_cents__lte=round(filters.max_price_eur * 100))
    if filters.start_from:
        offerings = offerings.filter(start_date__gte=filters.start_from)
    if filters.start_to:
        offerings = offerings.filter(start_date__lte=filters.start_to)
    return offerings.select_related(
        "course__provider__organisation", "municipality__region"
    ).order_by("start_date", "id")


def skills_by_course(course_ids):
    """{course id: its skills, labelled in the page language (else English) and sorted by label}, in two queries."""
    links = list(CourseSkill.objects.filter(course_id__in=course_ids).values_list("course_id", "skill_id"))
    concepts = lookup.with_labels(Concept.objects.filter(pk__in={s for _c, s in links})).in_bulk()
    per_course = {}
    for course_id, skill_id in links:
        per_course.setdefault(course_id, []).append(concepts[skill_id])
    return {course_id: sorted(skills, key=lambda c: c.label()) for course_id, skills in per_course.items()}


def with_course_skills(offerings):
    """Attach ``skill_list`` (labelled concepts) to each offering's course for the page."""
    offerings = list(offerings)
    per_course = skills_by_course({o.course_id for o in offerings})
    for offering in offerings:
        offering.course.skill_list = per_course.get(offering.course_id, [])
    return offerings


def today():
    return timezone.localdate()


def search_filters(params):
    """SearchFilters from query parameters (page and API share this): (filters, [(field, Dutch message)])."""
    from loket.geography.models import Region

    from .entries import as_date, euros_to_cents
    from .models import CourseLevel

    errors = []
    filters = SearchFilters(
        skill=str(params.get("skill") or "").strip(), q=str(params.get("q") or "").strip()[:200],
        level=str(params.get("level") or ""), modality=str(params.get("modality") or ""),
        region=str(params.get("region") or "").upper(),
        include_unbookable=str(params.get("all") or "").lower() in ("1", "true", "ja", "on"),
    )  # fmt: skip
    if filters.level and filters.level not in CourseLevel.values:
        errors.append(("level", _("Onbekend niveau: %(value)s.") % {"value": filters.level}))
    if filters.modality and filters.modality not in Modality.values:
        errors.append(("modality", _("Kies online, hybrid of on_site.")))
    if filters.region and not Region.objects.filter(code=filters.region).exists():
        errors.append(("region", _("Onbekende arbeidsmarktregio: %(value)s.") % {"value": filters.region}))
    if filters.skill.isdigit() and row_id(filters.skill) is None:
        errors.append(("skill", _("Onbekende ESCO-vaardigheid: %(value)s.") % {"value": filters.skill[:40]}))
    elif filters.skill and not filters.skill.isdigit() and not filters.skill.startswith("http"):
        errors.append(("skill", _("Geef een ESCO-vaardigheid als id of URI; zoek op woorden met q.")))
    try:
        cents = euros_to_cents(params.get("max_price"))
        filters.max_price_eur = None if cents is None else cents / 100
    except ValueError as error:
        errors.append(("max_price", str(error)))
    for name in ("start_from", "start_to"):
        try:
            setattr(filters, name, as_date(params.get(name)))
        except ValueError as error:
            errors.append((name, str(error)))
    if filters.start_from and filters.start_to and filters.start_to < filters.start_from:
        errors.append(("start_to", _("'Start tot' ligt voor 'start vanaf'.")))
    return filters, errors


def course_detail(course_id, on=None):
    """A course with its provider, labelled skills and offerings (bookable ones flagged), or None."""
    courses = courses_with_details(Course.objects.filter(pk=course_id), on)
    return courses[0] if courses else None


def courses_with_details(courses, on=None):
    """Courses with provider, ``skill_list`` (labelled) and offerings flagged ``is_bookable``, in a fixed number of queries."""
    courses = list(
        courses.select_related("provider__organisation").prefetch_related(
            Prefetch("offerings", queryset=Offering.objects.select_related("municipality__region"))
        )
    )
    per_course = skills_by_course([course.pk for course in courses])
    bookable = set(Offering.objects.bookable(on).filter(course__in=courses).values_list("pk", flat=True))
    for course in courses:
        course.skill_list = per_course.get(course.pk, [])
        for offering in course.offerings.all():
            offering.is_bookable = offering.pk in bookable
    return courses
