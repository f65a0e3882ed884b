"""Page forms. They only read the input; the rules are in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.geography.models import Municipality, Region
from loket.taxonomy.sectors import NLQF_LEVELS, Sector

from .models import PreviousSituation, VacancyKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def municipality_choices():
    """Municipalities grouped by labour-market region, so the region follows from the choice."""
    groups = {}
    for municipality in Municipality.objects.current().select_related("region").order_by("region__name", "name"):
        groups.setdefault(municipality.region.name, []).append((municipality.pk, municipality.name))
    return [("", _("Kies een gemeente"))] + list(groups.items())


class EmployerChoiceMixin:
    """An employer field only for people who work for several employers."""

    def setup_employer(self, organisations):
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields["employer"] = forms.TypedChoiceField(
                label=_("Werkgever"),
                choices=[("", _("Kies een werkgever"))] + [(o.pk, o.name) for o in self.organisations],
                coerce=int,
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
            )
            self.order_fields(["employer"])

    def chosen_employer(self):
        if len(self.organisations) == 1:
            return self.organisations[0]
        chosen = self.cleaned_data.get("employer") if hasattr(self, "cleaned_data") else None
        return next((o for o in self.organisations if o.pk == chosen), None)


class VacancyForm(EmployerChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=VacancyKind.choices, initial=VacancyKind.JOB, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 6})
    )
    nlqf_level = forms.TypedChoiceField(
        label=_("Gevraagd niveau"),
        choices=[("", _("Geen niveau gevraagd"))] + NLQF_LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("NLQF is het Nederlandse niveau; het is gelijk aan het Europese EQF-niveau."),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    hours_min = forms.IntegerField(label=_("Minimaal uur per week"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    hours_max = forms.IntegerField(label=_("Maximaal uur per week"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    municipality = forms.TypedChoiceField(
        label=_("Gemeente"),
        coerce=int,
        help_text=_("De arbeidsmarktregio volgt uit de gemeente."),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("Kies een sector"))] + [(s.value, f"{s.value} — {s.label}") for s in Sector],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    climate_transition = forms.BooleanField(
        label=_("Dit werk draagt bij aan de klimaattransitie (energie, warmte, water, circulair bouwen)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    opened_on = forms.DateField(label=_("Open vanaf"), widget=DateInput())
    valid_through = forms.DateField(label=_("Reageren kan tot en met"), required=False, widget=DateInput())
    external_id = forms.CharField(
        label=_("Eigen kenmerk"), max_length=200, required=False, help_text=_("Uw eigen vacaturenummer; een import met hetzelfde kenmerk werkt de vacature bij.")
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()
        self.setup_employer(organisations)


class StatusForm(forms.Form):
    on = forms.DateField(label=_("Datum"), widget=DateInput())


class PlacementForm(forms.Form):
    person_email = forms.EmailField(
        label=_("E-mailadres van de persoon in het loket"),
        required=False,
        help_text=_(
            "Alleen iemand die uw organisatie toestemming heeft gegeven, bijvoorbeeld door uw contactverzoek voor deze "
            "vacature te accepteren. Leeg laten voor iemand die het loket niet gebruikt."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    previous_situation = forms.ChoiceField(label=_("Kwam uit"), choices=PreviousSituation.choices, widget=forms.RadioSelect)
    previous_sector = forms.ChoiceField(
        label=_("Vorige sector"),
        required=False,
        choices=[("", _("Onbekend of geen"))] + [(s.value, f"{s.value} — {s.label}") for s in Sector],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    started_on = forms.DateField(label=_("Begonnen op"), widget=DateInput())
    outflow = forms.TypedChoiceField(
        label=_("Uit aangekondigde uitstroom"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    keep_open = forms.BooleanField(
        label=_("Er blijven meer plaatsen open (de vacature blijft open)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    def __init__(self, *args, outflows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outflow"].choices = [("", _("Geen"))] + [
            (o.pk, f"{o.employer.name} — {o.occupation.label()} ({o.people}, {o.expected_on:%d-%m-%Y})") for o in outflows
        ]


class OutflowForm(EmployerChoiceMixin, forms.Form):
    people = forms.IntegerField(label=_("Aantal mensen"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    expected_on = forms.DateField(label=_("Verwacht op"), widget=DateInput())
    region = forms.TypedChoiceField(
        label=_("Arbeidsmarktregio"),
        coerce=int,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 4})
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Kies een regio"))] + [(r.pk, r.name) for r in Region.objects.all()]
        self.setup_employer(organisations)


class ImportForm(EmployerChoiceMixin, forms.Form):
    file = forms.FileField(
        label=_("JSON-LD-bestand"),
        required=False,
        help_text=_("Eén JobPosting, een lijst, een ItemList of een @graph, in UTF-8; maximaal 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.jsonld,application/json,application/ld+json"}),
    )
    text = forms.CharField(
        label=_("Of plak de JSON-LD hier"), required=False, widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 8})
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_employer(organisations)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("Het bestand is groter dan 5 MB."))
        elif not upload and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Kies een bestand of plak de JSON-LD."))
        return data

    def document_text(self):
        upload = self.cleaned_data.get("file")
        return upload.read() if upload else self.cleaned_data["text"]
