"""Comparing sources: pairs of ACLED and UCDP events that report the same thing (``pairs``)."""
