from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IdmScore, Official, OfficialInvitation, Position, Village

# ---- Officials: joining, decisions, invitations -------------------------------------------------


# ---- Villages: profile, IDM, directory filters ---------------------------------------------------
