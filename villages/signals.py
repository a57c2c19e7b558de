from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Village


@receiver(post_save, sender=Village, dispatch_uid="village_joins_kecamatan_network")
def village_joins_kecamatan_network(sender, instance, created, raw=False, **kwargs):
    # Every joined village belongs to its kecamatan's forum from the start; fixtures (raw) bring their own.
    if created and not raw:
        from .networks import ensure_kecamatan_network

        ensure_kecamatan_network(instance)


def ensure_reference_data(sender, app_config=None, **kwargs):
    """After every migrate (and the flush of a transactional test), the standard positions exist."""
    if app_config is not None and app_config.label == "villages":
        from .models import Position
        from .positions import ensure_positions

        ensure_positions(Position)
