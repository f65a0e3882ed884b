"""Page forms of the development fund for persons, providers and coaches.

They check types only; the fund's rules (eligibility, prices, caps, voucher kinds) are in ``services`` and come back
as a ``FundError`` that the view puts on the form. Keys for money operations are never taken from the browser as
they are: a form carries a random token made when the page was shown, and the view makes the key from it and from
ids the browser cannot choose (``views.enrol_key``, ``views.voucher_key``).
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.credentials.forms import DateInput, LoketForm

from .models import Budget, TargetGroup, VoucherKind

TOKEN = re.compile(r"^[0-9a-f]{32}$")


class TokenField(forms.CharField):
    """The random token of a shown form: a repeated submit carries the same one, so it books nothing twice."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, error_messages={"required": _("Het formulier is verlopen; laad de pagina opnieuw.")}, **kwargs)

    def validate(self, value):
        super().validate(value)
        if not TOKEN.match(value):
            raise forms.ValidationError(_("Het formulier is verlopen; laad de pagina opnieuw."))


class FundForm(LoketForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"


class ApplicationForm(FundForm):
    birth_date = forms.DateField(
        label=_("Geboortedatum"), widget=DateInput,
        help_text=_("Sommige budgetten zijn voor een leeftijdsgroep."),
        error_messages={"required": _("Vul uw geboortedatum in."), "invalid": _("Vul een geldige datum in.")},
    )  # fmt: skip
    target_groups = forms.MultipleChoiceField(
        label=_("Wat past bij u?"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )  # fmt: skip
    leaving_shrinking_sector = forms.BooleanField(
        label=_("Ik werk in een sector waar werk verdwijnt (krimpsector)"), required=False,
        help_text=_("Wie een krimpsector verlaat, krijgt voorrang als een budget niet voor iedereen genoeg is."),
    )  # fmt: skip
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, help_text=_("Bijvoorbeeld 1011 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": _("Vul uw postcode in.")},
    )  # fmt: skip
    house_number = forms.CharField(
        label=_("Huisnummer"), max_length=10, help_text=_("Met toevoeging als u die hebt, bijvoorbeeld 12A."),
        error_messages={"required": _("Vul uw huisnummer in.")},
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("Ik geef het ontwikkelfonds toestemming deze gegevens te gebruiken zoals hierboven staat."),
        error_messages={"required": _("Zonder uw toestemming kan het fonds geen rekening voor u openen.")},
    )  # fmt: skip


class EnrolForm(FundForm):
    """The person confirms the price and the payment they were shown."""

    price_cents = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    token = TokenField()
    voucher = forms.CharField(required=False, widget=forms.HiddenInput)


class AttendanceForm(FundForm):
    attendance_percent = forms.IntegerField(
        label=_("Aanwezigheid (procent)"), min_value=0, max_value=100,
        error_messages={
            "required": _("Vul de aanwezigheid in, van 0 tot en met 100 procent."),
            "invalid": _("Vul de aanwezigheid in als een heel getal van 0 tot en met 100."),
            "min_value": _("De aanwezigheid is 0 tot en met 100 procent."),
            "max_value": _("De aanwezigheid is 0 tot en met 100 procent."),
        },
    )  # fmt: skip


class VoucherForm(FundForm):
    email = forms.EmailField(
        label=_("E-mailadres van de persoon"), max_length=254,
        help_text=_("Het e-mailadres waarmee de persoon in het loket is ingeschreven."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul het e-mailadres van de persoon in."), "invalid": _("Dit is geen geldig e-mailadres.")},
    )  # fmt: skip
    budget = forms.ModelChoiceField(
        label=_("Budget"), queryset=Budget.objects.none(), empty_label=None,
        error_messages={"required": _("Kies een budget."), "invalid_choice": _("Kies een budget uit de lijst.")},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Soort voucher"), choices=VoucherKind.choices, widget=forms.RadioSelect,
        help_text=_("Een voucher betaalt alleen voor een opleiding met hetzelfde doel."),
        error_messages={"required": _("Kies de soort voucher."), "invalid_choice": _("Kies de soort voucher.")},
    )  # fmt: skip
    value_eur = forms.DecimalField(
        label=_("Waarde (euro)"), min_value=Decimal("0.01"), max_digits=9, decimal_places=2, localize=True,
        error_messages={
            "required": _("Vul de waarde in."), "invalid": _("Vul een bedrag in, bijvoorbeeld 250,00."),
            "min_value": _("De waarde moet meer dan 0 euro zijn."),
            "max_decimal_places": _("Een bedrag heeft hoogstens twee cijfers achter de komma."),
            "max_digits": _("Dit bedrag is te groot."), "max_whole_digits": _("Dit bedrag is te groot."),
        },
    )  # fmt: skip
    expires_on = forms.DateField(
        label=_("Geldig tot en met"), widget=DateInput,
        error_messages={"required": _("Vul in tot wanneer de voucher geldig is."), "invalid": _("Vul een geldige datum in.")},
    )  # fmt: skip
    note = forms.CharField(
        label=_("Toelichting"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De persoon ziet deze toelichting bij de voucher."),
        error_messages={"max_length": _("De toelichting is te lang: maximaal %(limit_value)d tekens.")},
    )  # fmt: skip
    token = TokenField()

    def __init__(self, *args, budgets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets if budgets is not None else Budget.objects.none()

    def value_cents(self):
        return int(self.cleaned_data["value_eur"] * 100)
