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
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

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
