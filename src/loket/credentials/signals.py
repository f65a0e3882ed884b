from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="credentials_erase_subject")
def erase_credentials_of_deleted_account(sender, instance, **kwargs):
    from .services import erase_subject

    erase_subject(instance)
