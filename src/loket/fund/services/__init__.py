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
from .allocation import (  # noqa: F401, E402
    allocation_preview_rows, carry_out_allocation, execute_allocation, grant_to_participant, preview_allocation, start_allocation,
)
from .enrolments import (  # noqa: F401, E402
    PaymentOption,
    account_overview,
    approve_payout,
    cancel,
    confirm_completion,
    confirm_start,
    enrol,
    enrolments_to_confirm,
    history,
    payment_options,
    reject_payout,
    request_payout,
)
from .participants import apply_for_account, eligible_budgets  # noqa: F401, E402
from .vouchers import (  # noqa: F401, E402
    UNREACHABLE as VOUCHER_UNREACHABLE, Unreachable, check_voucher_terms, expire_vouchers, issue_voucher, withdraw_voucher,
)
