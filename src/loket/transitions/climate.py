"""Which occupations count as climate-transition work (plain data, no ORM).

One rule for the whole loket: the generator flags vacancies with it, the
transition explorer filters destinations with it, the dashboard counts with it.
"""

# An occupation counts as climate-transition work when at least this many of
# its essential skills are in ESCO's green collection. One is not enough: the
# collection also holds broad skills such as "follow health and safety
# procedures in construction", essential to over a hundred occupations, and a
# third of all vacancies would count.
GREEN_SKILLS_MIN = 3

# Occupations that count as climate-transition work even when too few of their
# skills is in ESCO's green collection: energy, installation and construction
# technicians (ISCO-08 unit groups; a prefix covers its children). Settings
# may replace the list (LOKET_CLIMATE_ISCO_GROUPS).
CLIMATE_ISCO_GROUPS = ("2151", "3112", "3113", "3119", "3131", "7124", "7126", "7127", "7411", "7412", "7413")


def is_climate_group(isco, groups=CLIMATE_ISCO_GROUPS):
    return any((isco or "").startswith(group) for group in groups if group)


def is_climate_work(isco, essential_skills, green_skills, groups=CLIMATE_ISCO_GROUPS):
    """True when the occupation's ISCO group is listed or enough of its essential skills are green."""
    return len(set(green_skills).intersection(essential_skills)) >= GREEN_SKILLS_MIN or is_climate_group(isco, groups)
