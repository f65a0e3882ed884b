"""The ``loket`` command: every management task, with help in Dutch or English.

The language follows LOKET_LANGUAGE, then LANGUAGE/LC_ALL/LC_MESSAGES/LANG
(``LANG=en_GB.UTF-8 loket --help``), or ``--lang en`` anywhere on the line.
"""

import os
import sys

OUR_COMMANDS = [
    "demo",
    "import-esco",
    "extract-skills",
    "search-taxonomy",
    "generate",
    "import-vacancies",
    "export-vacancies",
    "match-all",
    "verify-credential",
    "rekey-issuer-keys",
    "calibrate-transitions",
    "ledger-check",
    "expire-vouchers",
    "load-ecosystem-documents",
    "import-boundaries",
    "import-statline",
    "snapshot",
]


def chosen_language(argv):
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1][:2], argv[:index] + argv[index + 1 :]
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1][:2], argv[:index] + argv[index + 2 :]
    for variable in ("LOKET_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return value[:2].lower(), argv
    return "nl", argv


def overview():
    from django.utils.translation import gettext as _

    from django.core.management import get_commands, load_command_class

    lines = [
        _("Loket — het skills-loket voor werken en leren in Noord-Holland."),
        "",
        _("Gebruik: loket <opdracht> [opties]   (loket <opdracht> --help voor details)"),
        "",
        _("Opdrachten van het loket:"),
    ]
    commands = get_commands()
    for name in OUR_COMMANDS:
        module = name.replace("-", "_")
        if module in commands:
            help_text = str(load_command_class(commands[module], module).help).splitlines()[0]
            lines.append(f"  {name:<18} {help_text}")
    lines += [
        "",
        _("Beheeropdrachten van Django (Engelstalig): migrate, createsuperuser, runserver, check, collectstatic, …"),
        _("Taal: --lang en of --lang nl, of de omgevingsvariabele LANG."),
    ]
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    language, argv = chosen_language(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    wants_help = len(argv) < 2 or argv[1] in ("-h", "--help", "help") and len(argv) == 2
    if wants_help and not os.environ.get("SECRET_KEY"):
        # Help reads no data, so it must work before anything is configured.
        os.environ.setdefault("DEBUG", "1")

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(error, file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line
    from django.utils import translation

    translation.activate(language if language in ("nl", "en") else "nl")
    if wants_help:
        print(overview())
        return 0
    if argv[1] in OUR_COMMANDS:
        argv[1] = argv[1].replace("-", "_")  # Django finds commands by module name
    execute_from_command_line(["loket", *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
