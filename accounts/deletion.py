"""Deleting an account at its owner's request (UU 27/2022 on personal data).

Deletion is immediate: the owner confirms with their password (and their second factor when it is
on), and the account is anonymised in one transaction. The row stays, because what others rely on
(discussion posts, reports, minutes, meetings organised, agreements) points at it: it is renamed
"mantan pengguna", its address becomes a unique one that cannot receive mail, its password cannot
be used and every personal field is cleared. The address is free to sign up again at once.

Each app erases what it keeps about a person (positions, memberships, notification settings, …)
with a function registered from its AppConfig.ready(), as for the personal data download; apps
only import downward, so accounts never imports them.
"""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from core.audit import Action, forget_name, record

from .models import StaffRole, User

# Stored as the name, so that every page that shows a name shows this one.
FORMER_USER_NAME = "mantan pengguna"
DELETED_EMAIL_DOMAIN = "dihapus.invalid"  # RFC 2606: .invalid never receives mail

_erasers = {}
_region_lookup = []


def register(name, erase):
    """`erase(user, former_name)` removes what the app keeps about the person, before the account
    row is anonymised, and returns a small dict of what it did (for the audit entry)."""
    _erasers[name] = erase


def register_region(lookup):
    """`lookup(user)` gives the code of the region the person belongs to, or "" (for the audit)."""
    _region_lookup.append(lookup)


def _region_code(user):
    for lookup in _region_lookup:
        code = lookup(user)
        if code:
            return code
    return ""


def _end_sessions(user):
    # Changing the password already invalidates every session of the account (Django checks the
    # session's password hash); the rows go as well, since they are the person's. Deletion is rare
    # enough to read the open sessions once.
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000)
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=stale).delete()


def delete_account(user, *, request=None):
    """Anonymise the account and erase what each app keeps about the person; audited."""
    former_name, region_code = user.full_name, _region_code(user)
    with transaction.atomic():
        summary = {}
        for _name, erase in sorted(_erasers.items()):
            summary.update(erase(user, former_name))
        roles = list(StaffRole.objects.filter(user=user).values_list("pk", flat=True))
        StaffRole.objects.filter(pk__in=roles).update(is_active=False)
        forget_name(StaffRole, roles, former_name, FORMER_USER_NAME)
        forget_name(User, [user.pk], former_name, FORMER_USER_NAME)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.groups.clear()
        user.user_permissions.clear()
        user.full_name = FORMER_USER_NAME
        user.email = f"{uuid.uuid4().hex}@{DELETED_EMAIL_DOMAIN}"
        user.phone = ""
        user.language = settings.LANGUAGE_CODE
        user.is_active = user.is_staff = user.is_superuser = False
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        user.save()
        _end_sessions(user)
        LogEntry.objects.filter(actor=user).update(actor_email="")
        record(user, Action.ACCOUNT_DELETED, user, region_code, request=request, **summary)
    return user
