"""Desa Serang (its Sekretaris Desa manages it), Desa Caruy in the same kecamatan, Desa Lumbir in
Kabupaten Banyumas, the Camat of Cipari, and a few enterprises of Serang."""

from tests.enterprises.fixtures import gula, staf_serang, tikar  # noqa: F401 - fixtures
from tests.people import (  # noqa: F401 - fixtures
    camat,
    caruy_village,
    cipari,
    kades_caruy,
    lumbir_village,
    outsider,
    sekdes,
    serang_village,
)
