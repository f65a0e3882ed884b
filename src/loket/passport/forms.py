"""Forms for the passport's pages and API.

The API validates its input with these same forms (field names are the API's),
so a mistake gets the same Dutch message on a page and in a 422.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Organisation
from loket.geography.models import Municipality, Region
from loket.taxonomy.models import Concept, ConceptKind
from loket.taxonomy.sectors import NLQF_LEVELS, Sector
from loket.vacancies.models import Vacancy

from . import rules
from .models import FINDABLE_SECTIONS, Consent, Evidence, Proficiency, Section, SkillSource

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.PasswordInput: "utrecht-textbox utrecht-textbox--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PassportForm(forms.Form):
    """Adds NL Design System classes and applies the shared rules after field checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((css for kind, css in WIDGET_CLASSES.items() if type(widget) is kind), TEXTBOX)
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def rule_errors(self, data):
        return {}

    def clean(self):
        data = super().clean()
        for field, message in self.rule_errors(data).items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        return data

    def error_list(self):
        """[{field, message}] for the API."""
        return [
            {"field": "" if field == "__all__" else field, "message": str(message)}
            for field, messages in self.errors.items()
            for message in messages
        ]


def skill_field(**kwargs):
    return forms.ModelChoiceField(
        queryset=Concept.objects.filter(kind=ConceptKind.SKILL),
        error_messages={
            "required": _("Kies een vaardigheid."),
            "invalid_choice": _("Dit is geen vaardigheid uit de skills-taal (ESCO). Kies er een uit de lijst."),
        },
        **kwargs,
    )


def occupation_field(**kwargs):
    return forms.ModelChoiceField(
        queryset=Concept.objects.filter(kind=ConceptKind.OCCUPATION),
        error_messages={
            "required": _("Kies een beroep."),
            "invalid_choice": _("Dit is geen beroep uit de skills-taal (ESCO). Kies er een uit de lijst."),
        },
        **kwargs,
    )


class SkillForm(PassportForm):
    """Proficiency and evidence of one skill; with ``adding`` also which skill."""

    skill_id = skill_field(label=_("Vaardigheid"), widget=forms.HiddenInput)
    proficiency = forms.TypedChoiceField(
        label=_("Niveau"), choices=Proficiency.choices, coerce=int, initial=Proficiency.COMPETENT,
        error_messages={"required": _("Kies een niveau."), "invalid_choice": _("Kies een niveau uit de lijst.")},
    )
    evidence = forms.ChoiceField(
        label=_("Bewijs"), choices=Evidence.choices, initial=Evidence.SELF,
        help_text=_("Waaruit blijkt dat u dit kunt?"),
        error_messages={"required": _("Kies wat het bewijs is."), "invalid_choice": _("Kies een soort bewijs uit de lijst.")},
    )
    evidence_date = forms.DateField(label=_("Datum van het bewijs"), required=False, widget=DateInput,
                                    error_messages={"invalid": _("Vul een geldige datum in.")})
    evidence_note = forms.CharField(
        label=_("Toelichting bij het bewijs"), max_length=300, required=False,
        help_text=_("Bijvoorbeeld de naam van het diploma of certificaat."),
    )

    def __init__(self, *args, adding=False, passport=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.passport = passport
        if not adding:
            del self.fields["skill_id"]

    def clean_skill_id(self):
        skill = self.cleaned_data["skill_id"]
        if self.passport is not None and self.passport.skills.filter(skill=skill).exists():
            raise forms.ValidationError(_("Deze vaardigheid staat al in uw paspoort. U kunt hem daar aanpassen."))
        return skill

    def rule_errors(self, data):
        return rules.evidence_date_errors(data.get("evidence_date"))


class WorkForm(PassportForm):
    occupation_id = occupation_field(label=_("Beroep"), widget=forms.HiddenInput)
    employer_name = forms.CharField(label=_("Werkgever"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("— kies een sector —")), *Sector.choices], required=False,
                               error_messages={"invalid_choice": _("Kies een sector uit de lijst.")})
    started_on = forms.DateField(label=_("Begonnen op"), required=False, widget=DateInput,
                                 error_messages={"invalid": _("Vul een geldige datum in.")})
    ended_on = forms.DateField(label=_("Gestopt op"), required=False, widget=DateInput,
                               help_text=_("Leeg als u hier nog werkt."), error_messages={"invalid": _("Vul een geldige datum in.")})

    def rule_errors(self, data):
        return rules.period_errors(data.get("started_on"), data.get("ended_on"))


class EducationForm(PassportForm):
    title = forms.CharField(label=_("Opleiding"), max_length=200, error_messages={"required": _("Vul de naam van de opleiding in.")})
    institution = forms.CharField(label=_("School of instelling"), max_length=200, required=False)
    nlqf_level = forms.TypedChoiceField(
        label=_("Niveau (NLQF/EQF)"), choices=[("", _("— kies een niveau —")), *NLQF_LEVELS], coerce=int,
        help_text=_("Mbo 2 is NLQF 2, mbo 4 is NLQF 4, hbo-bachelor is NLQF 6, master is NLQF 7."),
        error_messages={"required": _("Kies het niveau van de opleiding."), "invalid_choice": _("Kies een niveau van 1 tot en met 8.")},
    )
    completed_on = forms.DateField(label=_("Afgerond op"), required=False, widget=DateInput,
                                   error_messages={"invalid": _("Vul een geldige datum in.")})


class WishesForm(PassportForm):
    home_municipality = forms.ModelChoiceField(
        label=_("Woonplaats (gemeente)"), queryset=Municipality.objects.none(), to_field_name="code", required=False,
        empty_label=_("— kies uw gemeente —"),
        error_messages={"invalid_choice": _("Kies een gemeente in Noord-Holland uit de lijst.")},
    )
    max_travel_km = forms.IntegerField(
        label=_("Maximale reisafstand (km)"), min_value=0, max_value=rules.MAX_TRAVEL_KM,
        help_text=_("Hemelsbreed, vanaf uw woonplaats."),
        error_messages={
            "required": _("Vul een reisafstand in."),
            "invalid": _("Vul een heel aantal kilometers in."),
            "min_value": _("Een reisafstand kan niet negatief zijn."),
            "max_value": _("Kies hoogstens %(limit_value)s km."),
        },
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Ook werken in deze arbeidsmarktregio's"), queryset=Region.objects.all(), to_field_name="code", required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Onbekende arbeidsmarktregio: %(value)s.")},
    )
    hours_min = forms.IntegerField(
        label=_("Minimaal uur per week"), min_value=0,
        error_messages={"required": _("Vul een aantal uur in."), "invalid": _("Vul een heel aantal uur in."),
                        "min_value": _("Een aantal uur kan niet negatief zijn.")},
    )
    hours_max = forms.IntegerField(
        label=_("Maximaal uur per week"), min_value=1,
        error_messages={"required": _("Vul een aantal uur in."), "invalid": _("Vul een heel aantal uur in."),
                        "min_value": _("Vul minstens 1 uur in.")},
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectoren"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt is: alle sectoren."),
        error_messages={"invalid_choice": _("Onbekende sector: %(value)s.")},
    )
    open_to_work_to_work = forms.BooleanField(label=_("Ik sta open voor een overstap naar ander werk"), required=False)
    open_to_internship = forms.BooleanField(label=_("Ik sta open voor een stage"), required=False)
    open_to_bbl = forms.BooleanField(label=_("Ik sta open voor een BBL-plaats (leren en werken)"), required=False)
    findable = forms.BooleanField(
        label=_("Werkgevers mogen mij vinden"), required=False,
        help_text=_("Werkgevers zien u zonder naam en contactgegevens. Die zien ze pas als u hun contactverzoek accepteert."),
    )
    findable_sections = forms.MultipleChoiceField(
        label=_("Wat werkgevers zien zolang u vindbaar bent"),
        choices=[(s.value, s.label) for s in FINDABLE_SECTIONS], required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Nooit uw naam of contactgegevens, en geen namen van werkgevers of scholen."),
        error_messages={"invalid_choice": _("Dit onderdeel kan niet zichtbaar zijn zolang u vindbaar bent: %(value)s.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_municipality"].queryset = Municipality.objects.current().select_related("region")

    def rule_errors(self, data):
        errors = rules.hours_errors(data.get("hours_min"), data.get("hours_max"))
        if data.get("findable") and not data.get("findable_sections"):
            errors["findable_sections"] = _("Kies minstens één onderdeel dat werkgevers mogen zien, of zet vindbaar uit.")
        return errors

    @classmethod
    def initial_from(cls, passport):
        return {
            "home_municipality": passport.home_municipality.code if passport.home_municipality else None,
            "max_travel_km": passport.max_travel_km,
            "regions": [region.code for region in passport.regions.all()],
            "hours_min": passport.hours_min,
            "hours_max": passport.hours_max,
            "sectors": list(passport.sectors),
            "open_to_work_to_work": passport.open_to_work_to_work,
            "open_to_internship": passport.open_to_internship,
            "open_to_bbl": passport.open_to_bbl,
            "findable": passport.findable,
            "findable_sections": list(passport.findable_sections),
        }


class ConsentForm(PassportForm):
    organisation_id = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.order_by("name"), empty_label=_("— kies een organisatie —"),
        error_messages={"required": _("Kies de organisatie die toestemming krijgt."),
                        "invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    purpose = forms.ChoiceField(
        label=_("Doel"), choices=Consent.Purpose.choices, widget=forms.RadioSelect,
        help_text=_("Een sollicitatie geldt voor alle vacatures van deze organisatie, tenzij u via één vacature hier komt."),
        error_messages={"required": _("Kies waarvoor de organisatie uw paspoort mag inzien."),
                        "invalid_choice": _("Kies een doel uit de lijst.")},
    )
    vacancy_id = forms.ModelChoiceField(
        queryset=Vacancy.objects.all(), required=False, widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze vacature bestaat niet.")},
    )
    sections = forms.MultipleChoiceField(
        label=_("Wat de organisatie mag zien"), choices=Section.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één onderdeel dat de organisatie mag zien."),
                        "invalid_choice": _("Onbekend onderdeel: %(value)s.")},
    )
    expires_on = forms.DateField(
        label=_("Geldig tot en met"), required=False, widget=DateInput,
        help_text=_("Leeg: tot u de toestemming intrekt. Intrekken kan altijd, en werkt meteen."),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )

    def rule_errors(self, data):
        errors = rules.consent_sections_errors(data.get("sections"), Section.values)
        errors |= rules.expiry_errors(data.get("expires_on"))
        vacancy, organisation = data.get("vacancy_id"), data.get("organisation_id")
        if vacancy is not None:
            if data.get("purpose") != Consent.Purpose.VACANCY:
                errors["vacancy_id"] = _("Een vacature hoort alleen bij toestemming voor een sollicitatie.")
            elif organisation is not None and vacancy.employer_id != organisation.pk:
                errors["vacancy_id"] = _("Deze vacature is niet van de gekozen organisatie.")
        return errors


class OccupationChoiceForm(PassportForm):
    occupation_id = occupation_field(label=_("Beroep"), widget=forms.HiddenInput)


class CvForm(PassportForm):
    MAX_TEXT = 20000
    text = forms.CharField(
        label=_("Tekst van uw cv"), widget=forms.Textarea(attrs={"rows": 10}), max_length=MAX_TEXT,
        help_text=_("Plak de tekst hier. Het loket zoekt de vaardigheden erin; de tekst zelf wordt niet bewaard."),
        error_messages={"required": _("Plak eerst de tekst van uw cv."),
                        "max_length": _("De tekst is te lang: maximaal %(limit_value)s tekens.")},
    )


class ConfirmForm(PassportForm):
    skill_ids = forms.ModelMultipleChoiceField(
        queryset=Concept.objects.filter(kind=ConceptKind.SKILL), required=False,
        error_messages={"invalid_choice": _("Dit is geen vaardigheid uit de skills-taal (ESCO)."),
                        "invalid_pk_value": _("Dit is geen vaardigheid uit de skills-taal (ESCO).")},
    )
    source = forms.ChoiceField(
        choices=[(SkillSource.OCCUPATION.value, SkillSource.OCCUPATION.label), (SkillSource.CV.value, SkillSource.CV.label)],
        error_messages={"required": _("Zeg waar de voorstellen vandaan komen."), "invalid_choice": _("Kies beroep of cv als herkomst.")},
    )
    occupation_id = occupation_field(required=False)
    add_to_work_history = forms.BooleanField(required=False)

    def rule_errors(self, data):
        errors = {}
        if not data.get("skill_ids") and not data.get("add_to_work_history"):
            errors["skill_ids"] = _("Vink minstens één vaardigheid aan die u wilt toevoegen.")
        if data.get("source") == SkillSource.OCCUPATION and data.get("occupation_id") is None and "occupation_id" not in self.errors:
            errors["occupation_id"] = _("Kies het beroep waar deze vaardigheden bij horen.")
        return errors


class DeleteAccountForm(PassportForm):
    password = forms.CharField(
        label=_("Uw wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw wachtwoord in om te bevestigen.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet. Er is niets verwijderd."))
        return password

    def clean(self):
        from loket.fund.services.retention import has_fund_records

        if has_fund_records(self.user):
            raise forms.ValidationError(
                _(
                    "Het ontwikkelfonds heeft boekingen op uw naam (tegoed, vouchers of inschrijvingen). De wet verplicht het fonds "
                    "die zeven jaar te bewaren, daarom kan uw account nu niet worden verwijderd. Er is niets verwijderd. "
                    "U kunt uw gegevens wel downloaden; neem voor het wissen van de rest contact op met het ontwikkelfonds."
                )
            )
        return super().clean()

