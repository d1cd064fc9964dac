"""``policypack templates check``: find what breaks templates before a build does."""
