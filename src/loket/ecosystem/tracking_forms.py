"""Forms of the volgsysteem: a new participant survey, and a participant's answer. The rules themselves are in
``tracking`` (``survey_problems``, ``answer_problems``), which the API applies too."""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from loket.credentials.forms import DateInput

from . import tracking

SCORE_REQUIRED = _("Kies een rapportcijfer van 1 tot en met 10.")


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"), max_length=tracking.MAX_TITLE_LENGTH,
        help_text=_("Deelnemers zien deze titel boven de vragen, bijvoorbeeld “Hoe waardeert u onze samenwerking in 2026?”."),
        error_messages={"required": _("Geef de enquête een titel.")},
    )  # fmt: skip
    questions = forms.CharField(
        label=_("Open vragen"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=lazy(lambda: _(
            "Eén vraag per regel, hooguit %(max)d. Deelnemers geven altijd ook een rapportcijfer van 1 tot en met 10."
        ) % {"max": tracking.MAX_QUESTIONS}, str)(),
    )  # fmt: skip
    opens_on = forms.DateField(
        label=_("Open vanaf"), widget=DateInput,
        error_messages={"required": _("Geef de datum waarop de enquête opengaat."), "invalid": _("Geef een geldige datum.")},
    )  # fmt: skip
    closes_on = forms.DateField(
        label=_("Open tot en met"), widget=DateInput,
        error_messages={"required": _("Geef de laatste dag waarop deelnemers kunnen antwoorden."), "invalid": _("Geef een geldige datum.")},
    )  # fmt: skip

    def clean_questions(self):
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        problems = tracking.survey_problems(
            cleaned["title"], cleaned["questions"], cleaned["opens_on"], cleaned["closes_on"], timezone.localdate()
        )
        for field, message in problems:
            self.add_error(field, message)
        return cleaned


class AnswerForm(forms.Form):
    """A score (required) and one optional text per open question of ``survey``."""

    score = forms.TypedChoiceField(
        label=_("Welk rapportcijfer geeft u de samenwerking in deze learning community?"),
        choices=[(score, str(score)) for score in tracking.SCORES],
        coerce=int, widget=forms.RadioSelect,
        error_messages={"required": SCORE_REQUIRED, "invalid_choice": SCORE_REQUIRED},
    )  # fmt: skip

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions)
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=tracking.MAX_ANSWER_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": _("Een antwoord mag hooguit %(max)d tekens lang zijn.") % {"max": tracking.MAX_ANSWER_LENGTH}
                },
            )  # fmt: skip

    @property
    def answers(self):
        return [self.cleaned_data.get(f"answer_{index}", "") for index in range(len(self.questions))]
