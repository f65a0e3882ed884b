"""The fund's audit log: who did what, when, to which object. Every action of the fund goes through ``record``."""

from ..models import AuditLog


def record(user, action, obj=None, **data):
    """Log ``action`` by ``user`` on ``obj`` (a model instance or None) with JSON-serialisable ``data``."""
    return AuditLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        data=data,
    )
