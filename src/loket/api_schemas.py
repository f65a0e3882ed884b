"""The answer shapes every API router shares: the error bodies that ``loket.api``'s handlers write."""

from ninja import Schema


class Detail(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]
