"""The long view (notebook 10): does talking restrain testing?

North Korea's testing record (launch events and nuclear tests) is set month by month against the
official negotiations of the ``negotiations`` table, by leader:

- ``testing_record`` joins the CNS Missile Test Database (to its last date) and this dataset's
  ``launches`` (after it), one event per Korean date with a ballistic or space launch, as notebooks
  02 and 07 count them, plus the nuclear tests of the ``events`` table;
- ``monthly_panel`` gives one row per month: test events, whether talks were held (optionally with
  a window after each round, or only some levels or formats), and the leader;
- ``rate_ratios`` fits a negative binomial count model (statsmodels) per era and returns the ratio of
  the monthly testing rate in months with talks to months without, with its 95% interval;
- ``event_windows`` and ``permutation_test`` look at the 180 days before and after each round.

Every function takes plain frames and is deterministic (the permutation test takes a seed).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .timeline import ERAS

WINDOW = 180  # days before and after a round in the event study
BIN = 30  # days per bin of the event study


def testing_record(launches: pd.DataFrame, events: pd.DataFrame, cns_events: pd.DataFrame | None = None,
                   start=None) -> pd.DataFrame:
    """One row per test event: ``date``, ``kind`` (launch or nuclear test) and ``source``.

    Launch events are Korean dates with a ballistic or space launch (cruise missiles are left out,
    as CNS lists none): from ``cns_events`` up to its last date, then from ``launches`` after it.
    Without CNS, ``launches`` alone from ``start``. Nuclear tests come from ``events``."""
    ours = launches.loc[launches["missile_class"].astype(str) != "cruise", ["date"]].drop_duplicates()
    frames = []
    if cns_events is not None and len(cns_events):
        cns_end = cns_events["date"].max()
        frames.append(cns_events[["date"]].drop_duplicates().assign(kind="launch", source="CNS database"))
        ours = ours[ours["date"] > cns_end]
    elif start is not None:
        ours = ours[ours["date"] >= pd.Timestamp(start)]
    frames.append(ours.assign(kind="launch", source="This dataset"))
    nuclear = events.loc[events["category"].astype(str) == "nuclear_test", ["date"]]
    frames.append(nuclear.assign(kind="nuclear test", source="This dataset"))
    record = pd.concat(frames, ignore_index=True)
    if start is not None:
        record = record[record["date"] >= pd.Timestamp(start)]
    return record.sort_values(["date", "kind"]).reset_index(drop=True)


def talks_months(negotiations: pd.DataFrame, after: int = 0) -> pd.PeriodIndex:
    """The months holding at least one day of a round, and the ``after`` months following each."""
    months = set()
    for row in negotiations.itertuples(index=False):
        for month in pd.period_range(row.start_date, row.end_date, freq="M"):
            months.update(month + k for k in range(after + 1))
    return pd.PeriodIndex(sorted(months), freq="M")


def monthly_panel(record: pd.DataFrame, negotiations: pd.DataFrame, eras: pd.Series, start, end,
                  after: int = 0) -> pd.DataFrame:
    """One row per month from ``start`` to ``end``: ``tests`` (test events), ``talks`` (1 when the
    month is a talks month, see ``talks_months``) and ``era`` (``eras`` maps each month's first day
    to its leader, e.g. helpers.timeline.era_on)."""
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    tests = record["date"].dt.to_period("M").value_counts().reindex(months, fill_value=0)
    talks = months.isin(talks_months(negotiations, after))
    first_days = pd.Series(months.to_timestamp(), index=months)
    panel = pd.DataFrame({"month": months.to_timestamp(), "tests": tests.to_numpy().astype(int),
                          "talks": talks.astype(int), "era": eras(first_days).to_numpy()})
    panel["era"] = pd.Categorical(panel["era"], categories=ERAS)
    return panel


def _exact_bounds(with_talks: int, without_talks: int, months_with: int, months_without: int,
                  level: float = 0.95) -> tuple[float, float]:
    """The conditional exact interval of a Poisson rate ratio (Clopper–Pearson on the share of tests
    falling in talks months): used where a count of zero puts the model's estimate at the boundary."""
    from scipy.stats import beta

    n, a, tail = with_talks + without_talks, with_talks, (1 - level) / 2
    lo = beta.ppf(tail, a, n - a + 1) if a > 0 else 0.0
    hi = beta.ppf(1 - tail, a + 1, n - a) if a < n else 1.0
    ratio = months_without / months_with
    return (lo / (1 - lo) * ratio, np.inf if hi >= 1 else hi / (1 - hi) * ratio)


def _fit(panel: pd.DataFrame, covariates: pd.DataFrame):
    # The model modules alone: statsmodels.api would also import its time-series code, which warns under pandas 3.
    from statsmodels.discrete.discrete_model import NegativeBinomial
    from statsmodels.tools import add_constant

    exog = add_constant(covariates.astype(float), has_constant="add")
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        # The line search probes dispersions where the likelihood is undefined; the fit steps past them.
        warnings.simplefilter("ignore")
        # L-BFGS converges where Newton steps overshoot on sparse eras (seen on the bilateral-only panel).
        return NegativeBinomial(panel["tests"].astype(float), exog, loglike_method="nb2").fit(
            disp=0, maxiter=2000, method="lbfgs")


def pooled_ratio(panel: pd.DataFrame) -> dict:
    """One rate ratio for talks across the eras, each era keeping its own baseline rate, from a
    negative binomial model (NB2) whose dispersion ``alpha`` is estimated from every month."""
    covariates = pd.concat([panel[["talks"]], pd.get_dummies(panel["era"].astype(str), drop_first=True)], axis=1)
    fit = _fit(panel, covariates)
    low, high = np.exp(fit.conf_int().loc["talks"])
    return {"ratio": float(np.exp(fit.params["talks"])), "low": float(low), "high": float(high),
            "alpha": float(fit.params["alpha"]), "p": float(fit.pvalues["talks"])}


def rate_ratios(panel: pd.DataFrame, alpha: float | None = None) -> pd.DataFrame:
    """Per era: months and test events with and without talks, the monthly rates, and the rate ratio
    (with talks over without) with its 95% interval.

    One rule for every era: a negative binomial model of that era's months (a GLM whose dispersion
    ``alpha`` is the one ``pooled_ratio`` estimates from all months, since a single era may hold too
    few tests to estimate its own). Where an era has no test in its talks months, or none outside
    them, that model's estimate sits at the boundary; the ratio is then the ratio of the two rates
    and the interval the conditional exact (Poisson) one, and ``method`` says so. An era with no
    talks month, or no test at all, has no ratio."""
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools import add_constant

    alpha = pooled_ratio(panel)["alpha"] if alpha is None else alpha
    rows = []
    for era, group in panel.groupby("era", observed=True):
        with_, without = group[group["talks"] == 1], group[group["talks"] == 0]
        row = {"era": era, "months_with": len(with_), "months_without": len(without),
               "tests_with": int(with_["tests"].sum()), "tests_without": int(without["tests"].sum())}
        row["rate_with"] = row["tests_with"] / row["months_with"] if row["months_with"] else np.nan
        row["rate_without"] = row["tests_without"] / row["months_without"] if row["months_without"] else np.nan
        if not row["months_with"] or not row["months_without"] or not (row["tests_with"] + row["tests_without"]):
            rows.append({**row, "ratio": np.nan, "low": np.nan, "high": np.nan, "method": "none"})
            continue
        if row["tests_with"] == 0 or row["tests_without"] == 0:
            low, high = _exact_bounds(row["tests_with"], row["tests_without"], row["months_with"], row["months_without"])
            ratio = row["rate_with"] / row["rate_without"] if row["rate_without"] else np.inf
            rows.append({**row, "ratio": ratio, "low": low, "high": high, "method": "exact (a count of zero)"})
            continue
        exog = add_constant(group[["talks"]].astype(float), has_constant="add")
        fit = GLM(group["tests"].astype(float), exog, family=families.NegativeBinomial(alpha=alpha)).fit()
        low, high = np.exp(fit.conf_int().loc["talks"])
        rows.append({**row, "ratio": float(np.exp(fit.params["talks"])), "low": float(low), "high": float(high),
                     "method": "negative binomial"})
    return pd.DataFrame(rows)


def event_windows(record: pd.DataFrame, rounds: pd.Series, window: int = WINDOW, bin_days: int = BIN) -> pd.DataFrame:
    """For each round's first day: test events in each ``bin_days`` bin from ``window`` days before to
    ``window`` days after (columns ``round``, ``bin`` as the bin's first day offset, ``tests``)."""
    dates = record["date"].to_numpy(dtype="datetime64[D]")
    edges = np.arange(-window, window + 1, bin_days)
    rows = []
    for i, day in enumerate(pd.to_datetime(rounds).to_numpy(dtype="datetime64[D]")):
        offsets = (dates - day).astype(int)
        counts, _ = np.histogram(offsets[(offsets >= -window) & (offsets < window)], bins=edges)
        rows.extend({"round": i, "bin": int(edge), "tests": int(n)} for edge, n in zip(edges[:-1], counts))
    return pd.DataFrame(rows)


def before_after(record: pd.DataFrame, rounds: pd.Series, window: int = WINDOW) -> pd.DataFrame:
    """Test events in the ``window`` days before each round's first day and in the ``window`` days
    from it on."""
    dates = record["date"].to_numpy(dtype="datetime64[D]")
    days = pd.to_datetime(rounds).to_numpy(dtype="datetime64[D]")
    offsets = (dates[None, :] - days[:, None]).astype(int)
    return pd.DataFrame({"before": ((offsets >= -window) & (offsets < 0)).sum(axis=1),
                         "after": ((offsets >= 0) & (offsets < window)).sum(axis=1)})


def bootstrap_band(windows: pd.DataFrame, draws: int = 2000, seed: int = 1990) -> pd.DataFrame:
    """Mean test events per bin across rounds, with a 95% band from resampling the rounds."""
    table = windows.pivot(index="round", columns="bin", values="tests").to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(table), size=(draws, len(table)))
    means = table[picks].mean(axis=1)
    bins = sorted(windows["bin"].unique())
    return pd.DataFrame({"bin": bins, "mean": table.mean(axis=0),
                         "low": np.percentile(means, 2.5, axis=0), "high": np.percentile(means, 97.5, axis=0)})


def permutation_test(record: pd.DataFrame, rounds: pd.DataFrame, spans: dict, draws: int = 2000,
                     seed: int = 1994, window: int = WINDOW) -> dict:
    """Is the mean change (after minus before) around the rounds unusual? Each draw moves every round
    to a random day of its own era (``spans`` maps an era to the first and last day a window fits in),
    keeping how many rounds each era has; the p-value is two-sided."""
    observed = before_after(record, rounds["start_date"], window)
    statistic = float((observed["after"] - observed["before"]).mean())
    rng = np.random.default_rng(seed)
    by_era = rounds["era"].astype(str).value_counts()
    null = np.empty(draws)
    for k in range(draws):
        days = []
        for era, n in by_era.items():
            lo, hi = spans[era]
            days.append(pd.to_datetime(rng.integers(lo.value // 86_400_000_000_000, hi.value // 86_400_000_000_000 + 1,
                                                    size=n), unit="D"))
        shuffled = before_after(record, pd.Series(np.concatenate(days)), window)
        null[k] = (shuffled["after"] - shuffled["before"]).mean()
    centre = null.mean()
    p = float((np.abs(null - centre) >= abs(statistic - centre) - 1e-12).mean())
    return {"statistic": statistic, "null_mean": float(centre), "null_low": float(np.percentile(null, 2.5)),
            "null_high": float(np.percentile(null, 97.5)), "p": p, "draws": draws}
