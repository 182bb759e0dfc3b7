"""Which dataset an event comes from — the curated article's outlet, or an imported format's dataset (ACLED,
UCDP GED) — read from its source, so that the project's own CSV export of imported events keeps it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.formats import imported_origins

__all__ = ["imported_origins", "origin_of"]


def origin_of(source: pd.Series) -> pd.Series:
    """The dataset each event comes from, read from its source (see ``_origins``); a categorical source —
    a large import's — is read once per distinct value."""
    if isinstance(source.dtype, pd.CategoricalDtype):
        names = _origins(pd.Series(source.cat.categories.astype("str"))).to_numpy()
        codes = source.cat.codes.to_numpy()
        named = names[codes.clip(0)] if len(names) else np.full(len(codes), "Unnamed source", dtype=object)
        return pd.Series(np.where(codes >= 0, named, "Unnamed source"), index=source.index)
    return _origins(source)


def _origins(source: pd.Series) -> pd.Series:
    """The dataset each event comes from, read from its source: an imported format's origin ("ACLED", "UCDP
    GED") when the source begins with it, else the outlet that published it ("Euronews with AFP, …" →
    "Euronews")."""
    text = source.astype("str")
    outlet = text.str.split(",", n=1).str[0].str.split(" with ", n=1).str[0].str.strip()
    for name in imported_origins():
        outlet = outlet.where(~text.str.startswith(name), name)
    return outlet.where(outlet != "", "Unnamed source").fillna("Unnamed source")
