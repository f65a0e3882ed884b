from django.core.management.base import BaseCommand


class LoketCommand(BaseCommand):
    """Base for the loket's own commands: help texts are translatable
    (gettext_lazy), and are turned into text in the active language here,
    because argparse formats them as plain strings."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(parser.description) if parser.description else None
        for action in parser._actions:
            if action.help is not None:
                action.help = str(action.help)
        return parser
