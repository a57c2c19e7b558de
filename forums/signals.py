from django.db.models.signals import post_save
from django.dispatch import receiver

from villages.models import Village

from .networks import ensure_kecamatan_network


@receiver(post_save, sender=Village, dispatch_uid="village_joins_kecamatan_network")
def village_joins_kecamatan_network(sender, instance, created, raw=False, **kwargs):
    # Every joined village belongs to its kecamatan's forum from the start; fixtures (raw) bring their own.
    if created and not raw:
        ensure_kecamatan_network(instance)
