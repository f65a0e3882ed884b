from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "loket.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from loket.passport.models import Education, Passport, PassportSkill
        from loket.vacancies.models import Vacancy, VacancySkill

        from .index import invalidate

        for model in (Passport, PassportSkill, Education, Vacancy, VacancySkill):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"matching.invalidate.save.{model.__name__}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"matching.invalidate.delete.{model.__name__}")
        m2m_changed.connect(invalidate, sender=Passport.regions.through, dispatch_uid="matching.invalidate.regions")

        from loket.vacancies.models import Placement

        from .services import close_trajectories_on_placement

        post_save.connect(close_trajectories_on_placement, sender=Placement, dispatch_uid="matching.placement_closes_trajectories")
