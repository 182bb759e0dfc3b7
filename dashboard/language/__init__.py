"""Words the dashboard shows: counts, dates and spans in words (``wording``)."""
