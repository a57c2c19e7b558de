"""Checks for the get_…_or_404 helpers in each app's rules.py."""

import pytest
from django.http import Http404


def missing_pk(model):
    """A primary key no row of `model` has."""
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def assert_hidden(get, user, existing, missing, **kwargs):
    """`user` gets the same Http404 for an object they may not see as for one that does not exist."""
    for key in (existing, missing):
        with pytest.raises(Http404):
            get(user, key, **kwargs)
