"""Database ids as they arrive in URLs, forms and files (plain, no ORM)."""

# The largest value of a bigint primary key; a bigger number cannot be an id
# and makes the database driver overflow (a 500 instead of "not found").
MAX_ROW_ID = 2**63 - 1


def row_id(raw):
    """A database id written as ASCII digits (1 .. MAX_ROW_ID) -> int; anything else -> None."""
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ROW_ID else None
