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
