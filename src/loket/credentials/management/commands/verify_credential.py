import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.credentials import vc


class Command(LoketCommand):
    requires_system_checks = []  # offline means no database either
    help = gettext_lazy(
        "Controleer een ondertekende verklaring zonder internet en zonder database, met de sleutel in de did:key van de uitgever."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("De verklaring: JSON-LD of VC-JWT"))
        parser.add_argument(
            "--status-list",
            help=gettext_lazy("De statuslijst van de uitgever (BitstringStatusListCredential), om intrekking te controleren"),
        )
        parser.add_argument("--json", action="store_true", help=gettext_lazy("Uitvoer als JSON"))

    def read(self, path):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(_("Kan %(file)s niet lezen: %(error)s") % {"file": path, "error": error.strerror}) from None
        if len(data) > vc.MAX_INPUT_BYTES:
            raise CommandError(_("%(file)s is groter dan %(max)s kB.") % {"file": path, "max": vc.MAX_INPUT_BYTES // 1024})
        return data

    def handle(self, *args, **options):
        credential = self.read(options["file"])
        resolve = None
        if options["status_list"]:
            status_list = self.read(options["status_list"])
            resolve = lambda url: status_list.decode("utf-8-sig", errors="replace")  # noqa: E731
        result = vc.verify_credential(credential, resolve_status_list=resolve)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.write_human(result)
        if not result.verified:
            raise SystemExit(1)

    def write_human(self, result):
        summary = result.summary
        self.stdout.write(("✔ " if result.verified else "✘ ") + result.message)
        if summary:
            rows = [
                (_("Uitgever"), f"{summary.issuer_name} ({summary.issuer_id})" if summary.issuer_name else summary.issuer_id),
                (_("Over"), summary.subject_name),
                *[(_("Vaardigheid"), f"{skill['name']} <{skill['url']}>") for skill in summary.skills],
                *[(_("Bewijs"), item["name"]) for item in summary.evidence],
                (_("Geldig van"), summary.valid_from),
                (_("Geldig tot"), summary.valid_until or _("onbeperkt")),
            ]
            width = max(len(label) for label, _value in rows)
            for label, value in rows:
                if value:
                    self.stdout.write(f"  {label:<{width}}  {value}")
        if result.verified and not result.status_checked and result.credential and result.credential.get("credentialStatus"):
            url = result.credential["credentialStatus"].get("statusListCredential", "") if isinstance(result.credential["credentialStatus"], dict) else ""
            self.stdout.write(
                _("Let op: intrekking is offline niet gecontroleerd. Haal de statuslijst op (%(url)s) en geef haar mee met --status-list.")
                % {"url": url}
            )
