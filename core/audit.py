"""The audit trail of decisions: one call per workflow step, from the service that takes it.

`record()` writes an AuditEntry in the caller's transaction (a step rolled back leaves no entry).
The address comes from the request when the caller has one, else from the request being served
(AuditContextMiddleware keeps it for the services, which take no request). It is the client's
address as the sign-in limits see it: behind TRUSTED_PROXY_COUNT proxies, the hop they appended to
X-Forwarded-For, never a value the client wrote itself.

Field changes of the sensitive models (users' rights, staff roles, officials, reports, agreements)
are kept besides by django-auditlog (settings.AUDITLOG_INCLUDE_TRACKING_MODELS).
"""

import contextlib
from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Value
from django.db.models.functions import Replace

from core.models import AuditEntry

_current_ip = ContextVar("forumdesa_audit_ip", default=None)

Action = AuditEntry.Action


def client_ip(request):
    """The client's address, honouring TRUSTED_PROXY_COUNT the way allauth's limits do."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured, ValueError):
        return None


def record(actor, action, obj, region_code, request=None, **details):
    ip = client_ip(request) if request is not None else _current_ip.get()
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        target_id=str(obj.pk) if obj is not None else "",
        target_repr=str(obj)[:300] if obj is not None else "",
        region_code=region_code or "",
        ip=ip,
        details=details,
    )


def forget_name(model, pks, old, new):
    """Replace a person's former name in how the trails show these objects (an account deleted
    under UU 27/2022): the audit trail, django-auditlog's entries and the admin's history."""
    ids = [str(pk) for pk in pks]
    if not old or not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    AuditEntry.objects.filter(target_type=content_type, target_id__in=ids).update(
        target_repr=Replace("target_repr", Value(old), Value(new))
    )
    LogEntry.objects.filter(content_type=content_type, object_pk__in=ids).update(
        object_repr=Replace("object_repr", Value(old), Value(new))
    )
    AdminLogEntry.objects.filter(content_type=content_type, object_id__in=ids).update(
        object_repr=Replace("object_repr", Value(old), Value(new))
    )


class AuditContextMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (actor and address on its field-change entries) with the
    address taken as above, not from the first X-Forwarded-For entry a client can forge; it also
    keeps the address for record() calls made while the request is served."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    def __call__(self, request):
        token = _current_ip.set(client_ip(request))
        try:
            return super().__call__(request)
        finally:
            with contextlib.suppress(ValueError):
                _current_ip.reset(token)
