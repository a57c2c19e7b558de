"""Forms of the villages app, one module per area (officials, villages, networks, cooperation)."""
