"""The WCSO microservice chassis: the plumbing every programme service shares.

Event stores, the outbox relay, the tracking consumer, read-model stores, the clock,
personal-data protection, auth and the nameko glue live here, written once.
"""
