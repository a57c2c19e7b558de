"""The discussion figures dashboards are built from."""

from django.db.models import Exists, OuterRef

from .models import Post


def posted_since(since, user="user_id"):
    """An expression: the user named by the outer query's `user` field posted in a discussion since then."""
    return Exists(Post.objects.filter(author_id=OuterRef(user), created_at__gte=since))
