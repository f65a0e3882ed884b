"""The development fund's services. ``ledger_ops`` moves money (every other module goes through it);
the others apply the fund's rules on top: participants, enrolments, vouchers, allocation, approvals."""

from .ledger_ops import (  # noqa: F401
    FundError,
    account_for,
    check_eligibility,
    check_ledger,
    deposit,
    grant,
    hold,
    load_ledger,
    post,
    refund,
    repayment,
    void,
)
