"""What became of the appointments in ``people``: the dated steps of the ``appointments`` table,
read as one line per person and post (notebooks 05 and 08)."""

from __future__ import annotations

import pandas as pd


def steps_by_post(appointments: pd.DataFrame) -> pd.Series:
    """'confirmed 20 Jan 2025 (99-0); sworn in 21 Jan 2025' per (person_id, post), in date order."""
    def line(group: pd.DataFrame) -> str:
        return "; ".join(f"{step.replace('_', ' ')} {date:%-d %B %Y}" + (f" ({vote})" if isinstance(vote, str) else "")
                         for step, date, vote in zip(group["step"].astype(str), group["date"], group["vote"]))

    ordered = appointments.sort_values("date")
    return ordered.groupby(["person_id", "post"], observed=True)[["step", "date", "vote"]].apply(line).rename("steps")
