"""Page forms of the registry. They read the input; the rules live in ``services`` (shared with the API)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import Organisation as AccountOrganisation
from loket.geography.models import Municipality, Region

from . import services
from .models import Initiative, Organisation
from .vocabulary import SCHEME_CHOICES, PartnerRole

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class StyledFormMixin:
    """NL Design System classes on every widget; required fields are the ones not marked "(niet verplicht)"."""

    use_required_attribute = False

    def style_widgets(self):
        for field in self.fields.values():
            field.widget.attrs["class"] = WIDGET_CLASSES.get(type(field.widget), TEXTBOX)


def https_formfield(model_field, **kwargs):
    # An address typed without a scheme ("www.techlands.nl") becomes https://, as Django 6 will do by default.
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, municipality):
        if municipality.valid_until:
            return _("%(name)s (tot en met %(year)s)") % {"name": municipality.name, "year": municipality.valid_until}
        return municipality.name


def municipality_field(label):
    return MunicipalityChoiceField(
        label=label, required=False, queryset=Municipality.objects.order_by("name", "-valid_from"), empty_label=_("Kies een gemeente")
    )


def links_as_text(links):
    """One line per link, as the links field takes them back."""
    lines = []
    for link in links:
        if not isinstance(link, dict):
            continue
        url, text = link.get("url", ""), link.get("label", "")
        lines.append(url if not text or text == url else f"{text} | {url}")
    return "\n".join(lines)


class InitiativeForm(StyledFormMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("Arbeidsmarktregio"), required=False, queryset=Region.objects.order_by("name"), empty_label=_("Heel Noord-Holland"),
        help_text=_("Leeg voor een initiatief in heel Noord-Holland; bij een gekozen gemeente vult het loket de regio zelf in."),
    )  # fmt: skip
    municipality = municipality_field(_("Gemeente"))
    links = forms.CharField(
        label=_("Meer links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén link per regel: een omschrijving, een verticale streep en het adres, bijvoorbeeld “Jaarverslag | https://…”."),
    )  # fmt: skip

    class Meta:
        model = Initiative
        formfield_callback = https_formfield
        fields = [
            "name", "short_name", "number", "kind", "lifecycle", "description_nl", "description_en", "goal", "intended_output",
            "intended_impact", "region", "municipality", "latitude", "longitude", "started_year", "stopped_year", "contact_name",
            "contact_email", "contact_phone", "website",
        ]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ("description_nl", "description_en", "goal", "intended_output", "intended_impact")
        }
        help_texts = {
            "latitude": _("Alleen voor een plek preciezer dan de gemeente, zoals het gebouw van een campus."),
            "short_name": _("Bijvoorbeeld de naam waaronder het initiatief bekend is."),
        }

    def __init__(self, *args, may_choose_editors=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Today's regions, and the one the initiative already has even when it has been redrawn since.
        self.fields["region"].queryset = Region.objects.filter(
            Q(pk__in=Region.objects.current()) | Q(pk=self.instance.region_id)
        ).order_by("name")
        for field_name, scheme in services.SCHEME_FIELDS.items():
            self.fields[field_name] = forms.MultipleChoiceField(
                label=scheme.label, required=False, choices=SCHEME_CHOICES[scheme].choices, widget=forms.CheckboxSelectMultiple
            )
            if self.instance.pk:
                self.initial[field_name] = services.ordered_codes(self.instance, scheme)
        if self.instance.pk:
            self.initial["links"] = links_as_text(self.instance.links)
        if may_choose_editors:
            self.fields["editor_emails"] = forms.CharField(
                label=_("Redacteuren"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("De e-mailadressen van de leden die het initiatief mogen bijwerken, één per regel."),
            )  # fmt: skip
            if self.instance.pk:
                self.initial["editor_emails"] = "\n".join(self.instance.editors.order_by("email").values_list("email", flat=True))
        self.style_widgets()

    def clean_links(self):
        links = []
        for line in self.cleaned_data["links"].splitlines():
            if not line.strip():
                continue
            link_label, bar, url = line.partition("|")
            links.append({"label": link_label.strip(), "url": url.strip()} if bar else {"label": "", "url": line.strip()})
        cleaned, problems = services.clean_links(links)
        if problems:
            raise ValidationError(problems)
        return cleaned

    def clean_editor_emails(self):
        users, problems = services.editors_by_email(re.split(r"[\s,;]+", self.cleaned_data["editor_emails"]))
        if problems:
            raise ValidationError(problems)
        return users

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def classifications(self):
        return {name: self.cleaned_data[name] for name in services.SCHEME_FIELDS}


class PartnerForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, queryset=Organisation.objects.order_by("name"), empty_label=_("Kies een organisatie")
    )
    role = forms.ChoiceField(label=_("Rol"), choices=PartnerRole.choices, initial=PartnerRole.PARTNER)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and data.get("note") and not data.get("DELETE"):
            self.add_error("organisation", _("Kies bij deze toelichting een organisatie."))
        return data


class BasePartnerFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Deze partner weghalen")
            form.fields["DELETE"].widget.attrs["class"] = WIDGET_CLASSES[forms.CheckboxInput]

    def clean(self):
        if any(self.errors):
            return
        problems = services.partner_errors(self.partners())
        if problems:
            raise ValidationError(problems)

    def partners(self):
        """[(Organisation, role, note)] of the filled-in rows that are not marked for removal."""
        return [
            (form.cleaned_data["organisation"], form.cleaned_data["role"], form.cleaned_data.get("note", ""))
            for form in self.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        ]


PartnerFormSet = forms.formset_factory(PartnerForm, formset=BasePartnerFormSet, extra=3, can_delete=True, max_num=200)


def partner_formset(data=None, initiative=None):
    initial = []
    if initiative is not None and initiative.pk:
        order = list(PartnerRole.values)
        partners = sorted(initiative.partner_roles.select_related("organisation"), key=lambda p: (order.index(p.role), p.organisation.name))
        initial = [{"organisation": p.organisation_id, "role": p.role, "note": p.note} for p in partners]
    return PartnerFormSet(data, initial=initial, prefix="partners")


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    municipality = municipality_field(_("Gemeente"))

    class Meta:
        model = Organisation
        formfield_callback = https_formfield
        fields = ["name", "short_name", "kind", "description_nl", "description_en", "municipality", "website", "account"]
        widgets = {"description_nl": forms.Textarea(attrs={"rows": 4}), "description_en": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"account": _("Beheerders van deze organisatie in het loket mogen haar gegevens en de initiatieven waarvan zij aanjager is bijwerken.")}

    def __init__(self, *args, may_link_account=False, **kwargs):
        super().__init__(*args, **kwargs)
        if may_link_account:
            self.fields["account"].queryset = AccountOrganisation.objects.order_by("name")
            self.fields["account"].empty_label = _("Niet gekoppeld")
        else:
            # Who manages an organisation is the administrators' decision, not the managers' own.
            del self.fields["account"]
        self.style_widgets()

    def values(self):
        return {name: self.cleaned_data[name] for name in self.fields}
