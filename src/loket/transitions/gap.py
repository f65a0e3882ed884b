"""What a person or an occupation still lacks for a goal (plain data, no ORM).

A skill counts as held only when held exactly: a related skill shortens the
way (the transition score gives it partial credit) but is still to be learned,
so a learning route plans for it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    shared_essential: tuple
    shared_optional: tuple
    missing_essential: tuple
    missing_optional: tuple

    @property
    def missing(self):
        return self.missing_essential + self.missing_optional


def skill_gap(held, essential, optional=()):
    """Split a goal's essential and optional skill ids into shared and missing (each sorted)."""
    held = set(held)
    essential = set(essential)
    optional = set(optional) - essential
    return Gap(
        shared_essential=tuple(sorted(essential & held)),
        shared_optional=tuple(sorted(optional & held)),
        missing_essential=tuple(sorted(essential - held)),
        missing_optional=tuple(sorted(optional - held)),
    )
