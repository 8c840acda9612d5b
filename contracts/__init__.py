"""The public language of the WCSO platform: integration events, the CloudEvents envelope,
HTTP bodies and reference data. Depends on pydantic only, so a partner can install it alone."""
