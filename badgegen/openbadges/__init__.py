"""Open Badges outputs: 2.0 hosted JSON-LD, baked images (and, later, 3.0 credentials)."""
