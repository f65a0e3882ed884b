from django import forms
from django.utils.translation import gettext_lazy as _

from . import batch, runs


class BatchRunForm(forms.Form):
    """Start a matchrun; without a Dask scheduler the number of local workers can be chosen."""

    workers = forms.IntegerField(
        label=_("Workers (processen)"),
        min_value=1,
        max_value=runs.MAX_WORKERS,
        help_text=_("Meer workers is sneller, tot het aantal processorkernen van de server."),
    )
    limit = forms.IntegerField(label=_("Vacatures per persoon"), min_value=1, max_value=runs.MAX_LIMIT, initial=batch.DEFAULT_LIMIT)

    def __init__(self, *args, remote=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].initial = runs.default_workers()
        if remote:
            del self.fields["workers"]  # the scheduler's own workers do the work
