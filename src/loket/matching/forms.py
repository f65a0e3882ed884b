from django import forms
from django.utils.translation import gettext_lazy as _

from loket.vacancies.models import Placement

from .models import Trajectory


class TrajectoryForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["status", "next_step", "next_step_on", "placement"]
        widgets = {"next_step_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"placement": _("plaatsing")}

    def __init__(self, *args, passport, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this person's own placements can close their trajectory.
        self.fields["placement"].queryset = Placement.objects.filter(person_id=passport.user_id).select_related("vacancy")
        self.fields["placement"].label_from_instance = lambda p: f"{p.vacancy.title} ({p.started_on:%d-%m-%Y})"

    def clean(self):
        data = super().clean()
        if data.get("status") == Trajectory.Status.PLACED and not data.get("placement"):
            self.add_error("placement", _("Kies de plaatsing bij de status Geplaatst. Een werkgever of coach legt die vast bij de vacature."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Nieuwe notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
