from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.credentials import keystore
from loket.credentials.models import IssuerKey


class Command(LoketCommand):
    help = gettext_lazy(
        "Versleutel de sleutels van uitgevers opnieuw met de huidige SECRET_KEY (na het vervangen van SECRET_KEY; "
        "de oude waarde staat dan in SECRET_KEY_FALLBACKS)."
    )

    def handle(self, *args, **options):
        secrets = keystore.current_secrets()
        done, lost = 0, []
        with transaction.atomic():
            for key in IssuerKey.objects.select_for_update().select_related("organisation"):
                try:
                    key.encrypted_private_key = keystore.reencrypt(key.encrypted_private_key, secrets)
                except keystore.KeyUnavailable:
                    lost.append(key)
                    continue
                key.save(update_fields=["encrypted_private_key"])
                done += 1
        self.stdout.write(_("%(count)s sleutels opnieuw versleuteld.") % {"count": done})
        for key in lost:
            self.stderr.write(
                _("De sleutel van %(organisation)s (%(did)s) kan met geen van de geheimen worden ontsleuteld.")
                % {"organisation": key.organisation, "did": key.did}
            )
        if lost:
            raise SystemExit(1)
