"""What the fund must keep when a person wants their account deleted.

The fund's books (transfers, enrolments, vouchers) are financial records that must be kept for seven
years (fiscal retention, which the AVG's right to erasure gives way to, art. 17(3)(b)). Every ledger row
points at the person's passport and is protected, so such an account cannot simply be deleted.
"""

from ..models import Account, Enrolment, Voucher


def has_fund_records(user):
    """True when the fund keeps books on this person, so their account cannot be deleted."""
    passport = getattr(user, "passport", None) if hasattr(user, "passport") else None
    if passport is None:
        return False
    return (
        Account.objects.filter(passport=passport).exists()
        or Enrolment.objects.filter(passport=passport).exists()
        or Voucher.objects.filter(passport=passport).exists()
    )
