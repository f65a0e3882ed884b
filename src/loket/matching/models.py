"""Contact between employers and findable people, and coaches' work-to-work trajectories."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactRequest(models.Model):
    """An employer asks a findable person, known to them only by a pseudonym, for contact about a vacancy.

    Accepting gives the employer's organisation a consent for that vacancy.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op antwoord")
        ACCEPTED = "accepted", _("Geaccepteerd")
        DECLINED = "declined", _("Afgewezen")

    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.CASCADE, related_name="contact_requests")
    passport = models.ForeignKey("passport.Passport", on_delete=models.CASCADE, related_name="contact_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("bericht"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    consent = models.ForeignKey("passport.Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("contactverzoek")
        verbose_name_plural = _("contactverzoeken")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "passport"], name="one_contact_request_per_vacancy")]


class Trajectory(models.Model):
    """A coach guides a person from work to work, on the strength of a coaching consent."""

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ORIENTATION = "orientation", _("Oriëntatie")
        TRAINING = "training", _("Scholing")
        APPLYING = "applying", _("Solliciteren")
        PLACED = "placed", _("Geplaatst")
        STOPPED = "stopped", _("Gestopt")

    passport = models.ForeignKey("passport.Passport", on_delete=models.CASCADE, related_name="trajectories")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="trajectories")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="coached_trajectories")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INTAKE)
    next_step = models.CharField(_("volgende stap"), max_length=300, blank=True)
    next_step_on = models.DateField(_("volgende stap op"), null=True, blank=True)
    placement = models.ForeignKey("vacancies.Placement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["passport", "organisation"], name="one_trajectory_per_organisation")]


class TrajectoryNote(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class MatchRun(models.Model):
    """One run of the nightly batch: every person against every open vacancy (see ``batch.py`` and ``runs.py``).

    The top lists themselves are in a file (``result_file``, relative to
    ``LOKET_MATCH_RESULTS_DIR``), far too many rows for a table.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    class Stage(models.TextChoices):
        WAITING = "waiting", _("Wacht op start")
        INDEX = "index", _("Gegevens lezen")
        MATCHING = "matching", _("Matchen")
        SAVING = "saving", _("Opslaan")
        FINISHED = "finished", _("Afgerond")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("stap"), max_length=10, choices=Stage.choices, default=Stage.WAITING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    done = models.PositiveIntegerField(_("gedaan"), default=0)
    total = models.PositiveIntegerField(_("totaal"), default=0)
    persons = models.PositiveIntegerField(_("personen"), default=0)
    vacancies = models.PositiveIntegerField(_("open vacatures"), default=0)
    workers = models.PositiveSmallIntegerField(_("workers"), default=0)
    scheduler = models.CharField(_("Dask-scheduler"), max_length=200, blank=True, help_text=_("Leeg: een lokaal cluster."))
    limit = models.PositiveSmallIntegerField(_("vacatures per persoon"), default=20)
    seconds = models.FloatField(_("duur (s)"), null=True, blank=True)
    index_seconds = models.FloatField(_("gegevens lezen (s)"), null=True, blank=True)
    error = models.TextField(_("fout"), blank=True)
    result_file = models.CharField(_("resultaatbestand"), max_length=300, blank=True)
    people_with_good_match = models.PositiveIntegerField(_("personen met een match van 0,5 of meer"), null=True, blank=True)
    vacancies_in_top = models.PositiveIntegerField(_("vacatures in iemands top"), null=True, blank=True)

    class Meta:
        verbose_name = _("matchrun")
        verbose_name_plural = _("matchruns")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.pk} {self.status}"

    @property
    def active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        return round(100 * self.done / self.total, 1) if self.total else 0.0
