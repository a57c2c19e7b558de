"""Moving the database along the migration graph in the migration tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` (the other apps stay at their latest); returns the models' state there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # The state of what is applied now: migrating an app back also unapplies the other apps'
    # migrations that depend on it, so their latest state would not fit.
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def latest():
    """The newest migration of every app."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
