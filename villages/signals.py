def ensure_reference_data(sender, app_config=None, **kwargs):
    """After every migrate (and the flush of a transactional test), the standard positions exist."""
    if app_config is not None and app_config.label == "villages":
        from .models import Position
        from .positions import ensure_positions

        ensure_positions(Position)
