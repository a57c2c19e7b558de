from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    camat,
    caruy_official,
    caruy_village,
    network,
    serang_village,
    training,
)
