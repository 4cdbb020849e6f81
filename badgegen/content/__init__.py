"""Loading and validating the content repository: discover → parse → validate → model."""
