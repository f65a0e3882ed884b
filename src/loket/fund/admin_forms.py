"""Forms for the fund administrator's pages. The API feeds the same forms, so a page and the API refuse the same input.

Money is typed in euros ("1.234,56" or "1234.56") and kept in cents; catalog.entries.euros_to_cents reads both.
Money forms carry an idempotency key, generated when the form is shown, so a double submit moves money once.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.catalog.entries import cents_to_euros, euros_to_cents
from loket.catalog.models import CourseLevel
from loket.geography.models import Municipality, Region
from loket.vacancies.forms import DateInput

from .models import Budget, Funder, PriorityRule, SignalReview, TargetGroup

PRIORITY_SLOTS = 3


class EuroField(forms.CharField):
    """An amount in euros, cleaned to integer cents (None when left empty and not required)."""

    def __init__(self, *, positive=True, **kwargs):
        self.positive = positive
        kwargs.setdefault("help_text", _("In euro's, bijvoorbeeld 1.234,56 of 1234.56."))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in ("", None):
            return None
        if len(text) > 20:
            raise forms.ValidationError(_("Geen bedrag in euro's: %(value)s.") % {"value": text[:20] + "…"})
        try:
            cents = euros_to_cents(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if self.positive and cents <= 0:
            raise forms.ValidationError(_("Vul een bedrag groter dan nul in."))
        return cents


def euros_initial(cents):
    """Cents as the form shows them back: 123456 -> "1234,56"."""
    return "" if cents is None else cents_to_euros(cents).replace(".", ",")


def new_key():
    return str(uuid.uuid4())


class KeyField(forms.CharField):
    """The idempotency key: a UUID made when the form was shown, sent back hidden."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, max_length=36, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise forms.ValidationError(_("Het formulier is verlopen; laad de pagina opnieuw.")) from None


def municipality_choices():
    return [(m.code, f"{m.name} ({m.code})") for m in Municipality.objects.current().order_by("name")]


def region_choices():
    return [(r.code, f"{r.name} ({r.code})") for r in Region.objects.order_by("name")]


LEVEL_CHOICES = [(value, label) for value, label in CourseLevel.choices if value != CourseLevel.UNSPECIFIED]


class FunderForm(forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "kind"]


class BudgetForm(forms.ModelForm):
    """Every rule of a budget. Money in euros; residence as CBS codes chosen from the geography."""

    amount = EuroField(label=_("Toegezegd bedrag (euro)"))
    municipalities = forms.MultipleChoiceField(
        label=_("Alleen voor inwoners van deze gemeenten"), required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Niets gekozen: geen beperking. Houd Ctrl of Cmd ingedrukt om er meer te kiezen."),
    )  # fmt: skip
    regions = forms.MultipleChoiceField(
        label=_("Alleen voor inwoners van deze arbeidsmarktregio's"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}), help_text=_("Niets gekozen: geen beperking."),
    )  # fmt: skip
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    course_levels = forms.MultipleChoiceField(
        label=_("Opleidingsniveaus"), choices=LEVEL_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    max_price = EuroField(label=_("Maximumprijs per inschrijving (euro)"), required=False)
    offering_cap = EuroField(label=_("Maximum per aanbod (euro)"), required=False)
    provider_cap = EuroField(label=_("Maximum per opleider (euro)"), required=False)
    yearly_cap = EuroField(label=_("Maximum per persoon per jaar (euro)"), required=False)

    money_fields = {"amount": "amount_cents", "max_price": "max_price_cents", "offering_cap": "offering_cap_cents",
                    "provider_cap": "provider_cap_cents", "yearly_cap": "yearly_cap_cents"}  # fmt: skip

    class Meta:
        model = Budget
        fields = [
            "funder", "name", "valid_from", "valid_until", "municipalities", "regions", "target_groups", "age_min", "age_max",
            "recognised_only", "course_levels", "co_payment_percent", "payout_at_start_percent", "refund_rule", "revolving",
        ]  # fmt: skip
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, deposited_cents=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.deposited_cents = deposited_cents
        self.fields["municipalities"].choices = municipality_choices()
        self.fields["regions"].choices = region_choices()
        choices = [("", _("Geen"))] + list(PriorityRule.choices)
        for slot in range(1, PRIORITY_SLOTS + 1):
            self.fields[f"priority_{slot}"] = forms.ChoiceField(
                label=_("Voorrangsregel %(number)s") % {"number": slot}, choices=choices, required=False,
                help_text=_("Wie voorgaat als het budget niet iedereen kan bedienen; regel 1 weegt het zwaarst.") if slot == 1 else "",
            )  # fmt: skip
        if self.instance.pk:
            for name, model_name in self.money_fields.items():
                self.initial[name] = euros_initial(getattr(self.instance, model_name))
            for slot, rule in enumerate(self.instance.priority_rules[:PRIORITY_SLOTS], start=1):
                self.initial[f"priority_{slot}"] = rule

    def priority_fields(self):
        return [self[f"priority_{slot}"] for slot in range(1, PRIORITY_SLOTS + 1)]

    def clean(self):
        data = super().clean()
        valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("De einddatum ligt vóór de begindatum."))
        age_min, age_max = data.get("age_min"), data.get("age_max")
        if age_min is not None and age_max is not None and age_max < age_min:
            self.add_error("age_max", _("De maximumleeftijd is lager dan de minimumleeftijd."))
        amount = data.get("amount")
        if amount is not None and amount < self.deposited_cents:
            self.add_error(
                "amount",
                _("Er is al %(deposited)s euro gestort; het toegezegde bedrag kan niet lager zijn.")
                % {"deposited": euros_initial(self.deposited_cents)},
            )
        rules = []
        for slot in range(1, PRIORITY_SLOTS + 1):
            rule = data.get(f"priority_{slot}")
            if not rule:
                continue
            if rule in rules:
                self.add_error(f"priority_{slot}", _("Deze voorrangsregel staat er al."))
            rules.append(rule)
        data["priority_rules"] = rules
        return data

    def _post_clean(self):
        for name, model_name in self.money_fields.items():
            if name in self.cleaned_data:
                setattr(self.instance, model_name, self.cleaned_data[name])
        if "priority_rules" in self.cleaned_data:
            self.instance.priority_rules = self.cleaned_data["priority_rules"]
        super()._post_clean()


class MoneyForm(forms.Form):
    """A deposit or a repayment into a budget."""

    amount = EuroField(label=_("Bedrag (euro)"))
    key = KeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", new_key())


class GrantForm(forms.Form):
    """Credit for one person, found by the e-mail address of their account."""

    email = forms.EmailField(label=_("E-mailadres van de deelnemer"))
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.all())
    amount = EuroField(label=_("Bedrag (euro)"))
    key = KeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", new_key())

    def clean(self):
        from .models import Participant

        data = super().clean()
        email = data.get("email")
        if email:
            participant = Participant.objects.select_related("passport__user").filter(passport__user__email__iexact=email).first()
            if participant is None:
                self.add_error("email", _("Er is geen deelnemer met dit e-mailadres; de persoon moet eerst een ontwikkelrekening aanvragen."))
            data["participant"] = participant
        return data


class AllocationForm(forms.Form):
    """A bulk grant: an amount per person for everyone the rule selects (narrower than the budget's own rules)."""

    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.all())
    amount = EuroField(label=_("Bedrag per persoon (euro)"))
    municipalities = forms.MultipleChoiceField(
        label=_("Gemeenten"), required=False, widget=forms.SelectMultiple(attrs={"size": 8}), help_text=_("Niets gekozen: alle.")
    )
    regions = forms.MultipleChoiceField(
        label=_("Arbeidsmarktregio's"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}), help_text=_("Niets gekozen: alle.")
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    age_min = forms.IntegerField(label=_("Minimumleeftijd"), required=False, min_value=0, max_value=150)
    age_max = forms.IntegerField(label=_("Maximumleeftijd"), required=False, min_value=0, max_value=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = municipality_choices()
        self.fields["regions"].choices = region_choices()

    def clean(self):
        data = super().clean()
        if data.get("age_min") is not None and data.get("age_max") is not None and data["age_max"] < data["age_min"]:
            self.add_error("age_max", _("De maximumleeftijd is lager dan de minimumleeftijd."))
        return data

    def rule(self):
        data = self.cleaned_data
        rule = {name: data[name] for name in ("municipalities", "regions", "target_groups") if data.get(name)}
        rule.update({name: data[name] for name in ("age_min", "age_max") if data.get(name) is not None})
        return rule


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reden van afwijzing"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SignalReviewForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    subject = forms.CharField(widget=forms.HiddenInput, max_length=100)
    verdict = forms.ChoiceField(label=_("Oordeel"), choices=SignalReview.Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Toelichting"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


GROUP_BY_CHOICES = [
    ("budget", _("Budget")), ("region", _("Arbeidsmarktregio")), ("target_group", _("Doelgroep")),
    ("offering", _("Aanbod")), ("provider", _("Opleider")), ("month", _("Maand")),
]  # fmt: skip


class ReportForm(forms.Form):
    group_by = forms.ChoiceField(label=_("Uitsplitsen naar"), choices=GROUP_BY_CHOICES, initial="budget", required=False)
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.all(), required=False, empty_label=_("Alle budgetten"))

    def clean(self):
        data = super().clean()
        data["group_by"] = data.get("group_by") or "budget"
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return data


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Handeling"), required=False)
    user = forms.CharField(label=_("Gebruiker (e-mailadres)"), required=False, max_length=200)
    object_type = forms.CharField(label=_("Soort object"), required=False, max_length=40)
    object_id = forms.IntegerField(label=_("Object-id"), required=False, min_value=1)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Alle handelingen"))] + [(action, action) for action in actions]
