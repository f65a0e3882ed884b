"""Page forms for the catalogue. They read the input; the rules are in the models' clean and in ``services``."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from loket.geography.models import Municipality
from loket.vacancies.forms import DateInput, municipality_choices

from .models import Course, CourseLevel, CoursePurpose, Fund, Modality, Offering, Provider, Recognition


class MunicipalityField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def clean(self, value):
        pk = super().clean(value)
        return Municipality.objects.filter(pk=pk).first() if pk else None


class ProviderForm(forms.ModelForm):
    recognitions = forms.MultipleChoiceField(
        label=_("Erkenningen"), choices=Recognition.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    municipality = MunicipalityField(label=_("Vestiging"), required=False)

    class Meta:
        model = Provider
        fields = ["kind", "recognitions", "brin", "municipality", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()


class CourseForm(forms.ModelForm):
    funds = forms.MultipleChoiceField(
        label=_("Te betalen uit"), choices=Fund.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Course
        fields = [
            "title_nl", "title_en", "code", "description_nl", "description_en", "teaching_language", "level", "nlqf_level",
            "crebo", "croho", "isced_f", "study_hours", "purpose", "recognised", "recognised_by", "funds",
        ]  # fmt: skip
        widgets = {"description_nl": forms.Textarea(attrs={"rows": 4}), "description_en": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"purpose": _("Een voucher van het ontwikkelfonds betaalt alleen voor een opleiding met hetzelfde doel.")}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "purpose" not in data:
            # Forms and scripts from before the purpose existed leave it out: keep what it was (new courses: training).
            instance = kwargs.get("instance")
            data = data.copy()
            data["purpose"] = instance.purpose if instance is not None and instance.pk else CoursePurpose.TRAINING
        super().__init__(data, *args, **kwargs)


class OfferingForm(forms.ModelForm):
    price_eur = forms.DecimalField(
        label=_("Prijs inclusief btw (euro)"), min_value=Decimal(0), max_digits=9, decimal_places=2, localize=True,
    )
    municipality = MunicipalityField(label=_("Gemeente"), required=False, help_text=_("Verplicht, behalve bij online."))

    class Meta:
        model = Offering
        fields = [
            "code", "start_date", "end_date", "enrol_start", "enrol_end", "price_eur", "modality", "municipality", "location",
            "seats", "cancelled",
        ]  # fmt: skip
        widgets = {name: DateInput() for name in ("start_date", "end_date", "enrol_start", "enrol_end")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()
        if self.instance.pk:
            # Shown as the page's number format ("1500,00"); the field reads it back localised.
            self.initial["price_eur"] = number_format(Decimal(self.instance.price_cents) / 100, decimal_pos=2)
            self.initial["municipality"] = self.instance.municipality_id

    def _post_clean(self):
        price = self.cleaned_data.get("price_eur")
        if price is not None:
            self.instance.price_cents = int(price * 100)
        super()._post_clean()

    def values(self):
        """The cleaned values as the service takes them."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "price_eur"}
        values["price_cents"] = int(self.cleaned_data["price_eur"] * 100)
        return values


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Formaat"), choices=[("ooapi", _("OOAPI v5 (JSON)")), ("csv", _("CSV (één regel per aanbod)"))],
        widget=forms.RadioSelect, initial="ooapi",
    )  # fmt: skip
    file = forms.FileField(label=_("Bestand"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The API's limit on the request body, so the page and the API take the same files.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if upload.size > limit:
            raise forms.ValidationError(_("Het bestand is groter dan %(size)s MB.") % {"size": f"{limit / 2**20:g}"})
        return upload


LEVEL_CHOICES = [("", _("Elk niveau"))] + [(v, l) for v, l in CourseLevel.choices if v != CourseLevel.UNSPECIFIED]
MODALITY_CHOICES = [("", _("Elke vorm"))] + list(Modality.choices)
