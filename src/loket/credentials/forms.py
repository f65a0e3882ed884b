from django import forms
from django.utils.translation import gettext_lazy as _

from loket.taxonomy.models import Concept, ConceptKind

from .models import ISSUED_EVIDENCE


WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class LoketForm(forms.Form):
    """NL Design System classes on every widget. Required fields are the ones
    not marked "(niet verplicht)"; the browser's own required styling would
    mark an untouched radio group as an error."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = WIDGET_CLASSES.get(type(field.widget), TEXTBOX)
            field.widget.attrs["class"] = css


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IssueForm(LoketForm):
    """Type checks only; what the claim may say is decided by ``services.validate``."""

    organisation = forms.ModelChoiceField(
        label=_("Namens"), queryset=None, empty_label=None, error_messages={"invalid_choice": _("Kies een van uw organisaties.")}
    )
    email = forms.EmailField(
        label=_("E-mailadres van de persoon"),
        max_length=254,
        help_text=_("Het e-mailadres waarmee de persoon in het loket is ingeschreven."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul het e-mailadres van de persoon in."), "invalid": _("Dit is geen geldig e-mailadres.")},
    )
    skill_query = forms.CharField(label=_("Zoek de vaardigheid"), max_length=200, required=False)
    skill = forms.IntegerField(required=False, widget=forms.HiddenInput)
    evidence = forms.ChoiceField(
        label=_("Bewijs"),
        choices=ISSUED_EVIDENCE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het soort bewijs."), "invalid_choice": _("Kies het soort bewijs.")},
    )
    evidence_date = forms.DateField(
        label=_("Datum van het bewijs"),
        widget=DateInput,
        help_text=_("Bijvoorbeeld de datum van het diploma of het einde van de werkperiode."),
        error_messages={"required": _("Vul de datum van het bewijs in."), "invalid": _("Vul een geldige datum in.")},
    )
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        widget=DateInput,
        required=False,
        help_text=_("Leeg laten als de verklaring niet verloopt."),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        help_text=_("Komt in de verklaring te staan, bijvoorbeeld de naam van de opleiding."),
        error_messages={"max_length": _("De toelichting is te lang: maximaal %(limit_value)d tekens.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk

    def chosen_skill(self):
        skill_id = self.cleaned_data.get("skill") if hasattr(self, "cleaned_data") else None
        if skill_id is None:
            return None
        return Concept.objects.filter(pk=skill_id, kind=ConceptKind.SKILL).first()


class RevokeForm(LoketForm):
    reason = forms.CharField(
        label=_("Reden van intrekking"),
        max_length=300,
        required=False,
        help_text=_("Alleen zichtbaar voor uw organisatie en de persoon."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("De reden is te lang: maximaal %(limit_value)d tekens.")},
    )


class VerifyForm(LoketForm):
    text = forms.CharField(
        label=_("Verklaring"),
        required=False,
        help_text=_("Plak de verklaring: de JSON-tekst of de VC-JWT (een lange tekst met twee punten)."),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    file = forms.FileField(label=_("Of kies een bestand"), required=False)
    email = forms.EmailField(
        label=_("E-mailadres van de persoon"),
        required=False,
        help_text=_("Als u het weet: dan controleert het loket of de verklaring over dit e-mailadres gaat."),
        error_messages={"invalid": _("Dit is geen geldig e-mailadres.")},
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            self.add_error("text", _("Plak een verklaring of kies een bestand."))
        return data
