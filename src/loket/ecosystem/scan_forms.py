"""Forms of the Actiescan and the good-practice library, and who may use them.

The Actiescan form only collects the answers; whether they can be scored is ``actiescan.validate``'s to say, so the
page and the API refuse the same answers with the same Dutch messages. The practice form is used by the page and the
API alike.
"""

import datetime

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.credentials.forms import DateInput, LoketForm

from . import actiescan
from .models import ActionScan, Classification, GoodPractice, Initiative
from .permissions import can_edit_initiative, is_ecosystem_admin
from .vocabulary import PartnerRole, ProgrammeLine, Scheme, Theme, Topsector

# Paths under /ecosysteem/goede-voorbeelden/ that are pages, not practices.
RESERVED_SLUGS = {"nieuw"}
PRACTICE_SCHEMES = {"themes": (Scheme.THEME, Theme), "programme_lines": (Scheme.PROGRAMME_LINE, ProgrammeLine), "topsectors": (Scheme.TOPSECTOR, Topsector)}


# --- Who may ------------------------------------------------------------------------------------------------------


def editable_initiatives(user):
    """The initiatives ``user`` may edit, as ``permissions.can_edit_initiative`` decides for one."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    if is_ecosystem_admin(user):
        return Initiative.objects.all()
    return Initiative.objects.filter(
        Q(editors=user)
        | Q(
            partner_roles__role=PartnerRole.LEAD,
            partner_roles__organisation__account__memberships__user=user,
            partner_roles__organisation__account__memberships__is_manager=True,
        )
    ).distinct()


def can_add_practice(user):
    """Administrators and whoever edits an initiative: the library is written from the field."""
    return user.is_authenticated and (is_ecosystem_admin(user) or editable_initiatives(user).exists())


def can_edit_practice(user, practice):
    if not user.is_authenticated:
        return False
    if is_ecosystem_admin(user) or (practice.author_id is not None and practice.author_id == user.pk):
        return True
    return practice.initiative is not None and can_edit_initiative(user, practice.initiative)


# --- The Actiescan --------------------------------------------------------------------------------------------------


class ScanForm(LoketForm):
    """One radio group per statement of the current questionnaire, and the day the partners filled it in."""

    taken_on = forms.DateField(
        label=gettext_lazy("Ingevuld op"), widget=DateInput,
        help_text=gettext_lazy("De dag waarop de partners de scan samen hebben ingevuld; vandaag als u hem nu invult."),
        error_messages={"required": gettext_lazy("Vul de datum in."), "invalid": gettext_lazy("Vul een geldige datum in.")},
    )  # fmt: skip

    def __init__(self, *args, version=actiescan.VERSION, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("taken_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.version = version
        self.dimensions = actiescan.questionnaire(version)
        low, high = actiescan.SCALE
        choices = [(str(value), f"{value} {actiescan.SCALE_LABELS[value]}") for value in range(low, high + 1)]
        for dimension in self.dimensions:
            for statement in dimension.statements:
                # A text field with radio buttons, so a value off the scale reaches actiescan.validate and gets its message.
                self.fields[statement.code] = forms.CharField(
                    label=f"{statement.code}. {statement.text}", required=False, widget=forms.RadioSelect(choices=choices)
                )

    def groups(self):
        """(dimension, [bound fields]) in questionnaire order, for the template."""
        return [(dimension, [self[s.code] for s in dimension.statements]) for dimension in self.dimensions]

    def first_invalid_statement(self):
        """The first statement with an error, for a link from the error summary."""
        return next((self[s.code] for d in self.dimensions for s in d.statements if s.code in self.errors), None)

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst."))
        if taken_on < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("Kies een datum na 1 januari 2000."))
        return taken_on

    def clean(self):
        cleaned = super().clean()
        answers = {code: self.data.get(code, "") for d in self.dimensions for code in (s.code for s in d.statements)}
        try:
            cleaned["answers"] = actiescan.validate(answers, self.version)
        except actiescan.InvalidAnswers as invalid:
            for code, message in invalid.problems:
                if code in self.fields:
                    # Beside its own statement, a missing answer needs no quote of the statement.
                    self.add_error(code, _("Nog niet beantwoord: kies een antwoord.") if code in invalid.missing else message)
            raise forms.ValidationError(invalid.message()) from None
        return cleaned


def save_scan(initiative, answers, taken_on, user, version=actiescan.VERSION):
    """Score ``answers`` (raises ``actiescan.InvalidAnswers``) and keep the scan with its scores and version."""
    scores = actiescan.score(answers, version)
    return ActionScan.objects.create(
        initiative=initiative, taken_on=taken_on, version=version, answers=actiescan.validate(answers, version), scores=scores,
        created_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip


# --- Good practices ---------------------------------------------------------------------------------------------------


class PracticeForm(LoketForm):
    title = forms.CharField(
        label=gettext_lazy("Titel"), max_length=200,
        error_messages={"required": gettext_lazy("Geef het goede voorbeeld een titel."),
                        "max_length": gettext_lazy("De titel is te lang: hoogstens %(limit_value)d tekens.")},
    )  # fmt: skip
    summary = forms.CharField(
        label=gettext_lazy("Samenvatting"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text=gettext_lazy("Wat is er gedaan, door wie en waar?"),
        error_messages={"required": gettext_lazy("Schrijf een korte samenvatting."),
                        "max_length": gettext_lazy("De samenvatting is te lang: hoogstens %(limit_value)d tekens.")},
    )  # fmt: skip
    what_works = forms.CharField(
        label=gettext_lazy("Wat werkt"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False,
        error_messages={"max_length": gettext_lazy("De tekst is te lang: hoogstens %(limit_value)d tekens.")},
    )  # fmt: skip
    what_does_not = forms.CharField(
        label=gettext_lazy("Wat niet werkt"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False,
        error_messages={"max_length": gettext_lazy("De tekst is te lang: hoogstens %(limit_value)d tekens.")},
    )  # fmt: skip
    initiative = forms.ModelChoiceField(
        label=gettext_lazy("Initiatief"), queryset=Initiative.objects.none(), required=False, to_field_name="slug",
        empty_label=gettext_lazy("Geen (een les in het algemeen)"),
        error_messages={"invalid_choice": gettext_lazy("Kies een initiatief dat u mag bewerken.")},
    )  # fmt: skip
    themes = forms.MultipleChoiceField(
        label=gettext_lazy("Thema's"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Onbekend thema: %(value)s.")},
    )  # fmt: skip
    programme_lines = forms.MultipleChoiceField(
        label=gettext_lazy("Programmalijnen"), choices=ProgrammeLine.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Onbekende programmalijn: %(value)s.")},
    )  # fmt: skip
    topsectors = forms.MultipleChoiceField(
        label=gettext_lazy("Topsectoren"), choices=Topsector.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Onbekende topsector: %(value)s.")},
    )  # fmt: skip
    source_reference = forms.CharField(
        label=gettext_lazy("Bron"), max_length=200, required=False,
        help_text=gettext_lazy("Waar de les vandaan komt: een evaluatie, rapport of website."),
        error_messages={"max_length": gettext_lazy("De bron is te lang: hoogstens %(limit_value)d tekens.")},
    )  # fmt: skip

    def __init__(self, *args, user=None, practice=None, **kwargs):
        if practice is not None and "initial" not in kwargs:
            kwargs["initial"] = practice_initial(practice)
        super().__init__(*args, **kwargs)
        allowed = editable_initiatives(user) if user is not None else Initiative.objects.none()
        if practice is not None and practice.initiative_id is not None:
            # Whoever may edit the practice keeps its initiative even without editing that initiative themselves.
            allowed = Initiative.objects.filter(Q(pk__in=allowed.values("pk")) | Q(pk=practice.initiative_id))
        self.fields["initiative"].queryset = allowed.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("what_works") or "").strip() and not (cleaned.get("what_does_not") or "").strip():
            if "what_works" not in self.errors and "what_does_not" not in self.errors:
                self.add_error("what_works", _("Beschrijf wat werkt of wat niet werkt, of allebei."))
        return cleaned


def practice_initial(practice):
    codes = {name: practice_codes(practice, scheme) for name, (scheme, _choices) in PRACTICE_SCHEMES.items()}
    return {
        "title": practice.title, "summary": practice.summary, "what_works": practice.what_works,
        "what_does_not": practice.what_does_not, "initiative": practice.initiative.slug if practice.initiative else None,
        "source_reference": practice.source_reference, **codes,
    }  # fmt: skip


def practice_codes(practice, scheme):
    return sorted(c.code for c in practice.classifications.all() if c.scheme == scheme)


def unique_practice_slug(title, exclude_pk=None):
    base = (slugify(title) or "goed-voorbeeld")[:90].strip("-") or "goed-voorbeeld"
    slug, number = base, 1
    taken = GoodPractice.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def save_practice(cleaned, user, practice=None):
    """Create (author: ``user``, published today) or update a practice from a valid form's ``cleaned_data``."""
    if practice is None:
        practice = GoodPractice(
            slug=unique_practice_slug(cleaned["title"]), author=user if user.is_authenticated else None, published_on=timezone.localdate()
        )
    for name in ("title", "summary", "what_works", "what_does_not", "source_reference"):
        setattr(practice, name, (cleaned.get(name) or "").strip())
    practice.initiative = cleaned.get("initiative")
    practice.save()
    wanted = Q(pk__in=[])
    for name, (scheme, _choices) in PRACTICE_SCHEMES.items():
        wanted |= Q(scheme=scheme, code__in=cleaned.get(name) or [])
    practice.classifications.set(Classification.objects.filter(wanted))
    return practice
