"""Forms of the action agenda: a status update, a reached milestone, a new or changed milestone.

The API validates with the same forms, so a page and a client get the same Dutch messages.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.vacancies.forms import DateInput

from .models import Milestone, UpdateStatus

# Older than the manifest (2021) is a typing error, not history the agenda knows about.
EARLIEST = datetime.date(2000, 1, 1)


def not_in_future(day, today):
    if day is not None and day > today:
        raise forms.ValidationError(_("Deze datum ligt in de toekomst; vul vandaag of een eerdere dag in."), code="future")
    if day is not None and day < EARLIEST:
        raise forms.ValidationError(_("Vul een datum vanaf 2000 in."), code="too_early")
    return day


class StatusUpdateForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput(), help_text=_("Vandaag of eerder."))
    status = forms.ChoiceField(label=_("Stand van zaken"), choices=UpdateStatus.choices)
    text = forms.CharField(
        label=_("Bericht"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er bereikt, wat loopt er anders dan gepland en wat is er nodig?"),
    )  # fmt: skip

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        kwargs.setdefault("initial", {"date": self.today, "status": UpdateStatus.ON_TRACK})
        super().__init__(*args, **kwargs)

    def clean_date(self):
        return not_in_future(self.cleaned_data.get("date"), self.today)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Gehaald op"), widget=DateInput())

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        kwargs.setdefault("initial", {"done_on": self.today})
        super().__init__(*args, **kwargs)

    def clean_done_on(self):
        return not_in_future(self.cleaned_data.get("done_on"), self.today)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_label", "due_date", "done_on"]
        labels = {
            "title": _("Mijlpaal"),
            "due_label": _("Gepland (zoals in de bron)"),
            "due_date": _("Uiterlijk op"),
            "done_on": _("Gehaald op"),
        }
        help_texts = {
            "due_label": _("Bijvoorbeeld Q2 2021; leeg: de datum."),
            "due_date": _("Bij een kwartaal: de laatste dag ervan, zoals 30-06-2021 voor Q2 2021."),
            "done_on": _("Leeg zolang de mijlpaal niet gehaald is."),
        }
        widgets = {"due_date": DateInput(), "done_on": DateInput()}

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def clean_due_date(self):
        day = self.cleaned_data.get("due_date")
        if day is not None and not EARLIEST <= day <= datetime.date(2100, 12, 31):
            raise forms.ValidationError(_("Vul een datum tussen 2000 en 2100 in."), code="out_of_range")
        return day

    def clean_done_on(self):
        return not_in_future(self.cleaned_data.get("done_on"), self.today)
