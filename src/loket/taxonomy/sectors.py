"""Sectors as CBS counts them: the sections of the SBI 2008 (Standaard Bedrijfsindeling).

The dashboard compares the loket's figures with CBS StatLine, which reports
vacancies and employment by SBI section, so vacancies, work history and
placements use the same letters.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    A = "A", _("Landbouw, bosbouw en visserij")
    B = "B", _("Delfstoffenwinning")
    C = "C", _("Industrie")
    D = "D", _("Energievoorziening")
    E = "E", _("Waterbedrijven en afvalbeheer")
    F = "F", _("Bouwnijverheid")
    G = "G", _("Handel")
    H = "H", _("Vervoer en opslag")
    I = "I", _("Horeca")  # noqa: E741 - the SBI letter
    J = "J", _("Informatie en communicatie")
    K = "K", _("Financiële dienstverlening")
    L = "L", _("Verhuur en handel van onroerend goed")
    M = "M", _("Specialistische zakelijke diensten")
    N = "N", _("Verhuur en overige zakelijke diensten")
    O = "O", _("Openbaar bestuur en overheidsdiensten")  # noqa: E741
    P = "P", _("Onderwijs")
    Q = "Q", _("Gezondheids- en welzijnszorg")
    R = "R", _("Cultuur, sport en recreatie")
    S = "S", _("Overige dienstverlening")
    T = "T", _("Huishoudens als werkgever")
    U = "U", _("Extraterritoriale organisaties")


# NLQF levels 1-8 equal the EQF levels, and read the same in both languages.
NLQF_LEVELS = [(level, f"NLQF {level}") for level in range(1, 9)]
