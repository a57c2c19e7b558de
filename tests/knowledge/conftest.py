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
