from django.db.models.signals import pre_delete
from django.dispatch import receiver


@receiver(pre_delete, sender="vacancies.Vacancy", dispatch_uid="passport_end_consents_of_deleted_vacancy")
def end_consents_of_deleted_vacancy(sender, instance, **kwargs):
    from .services import end_consents_for_vacancy

    end_consents_for_vacancy(instance)
