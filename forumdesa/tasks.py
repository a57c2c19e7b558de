from celery import shared_task


@shared_task
def ping(value="pong"):
    """A no-op round trip through the broker and a worker, for checks and tests."""
    return value
