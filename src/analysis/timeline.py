"""Time aggregations over the processed tables: pure pandas, no files.

Every function takes tables as read by ``analysis.store.read_table`` and returns a new
frame. Periods are computed on the wall clock of the corpus's zone (the zone of
``articles.published``): a day is midnight to midnight there, a week starts on Monday.
A ``period`` column holds the tz-aware start of each period; every period between the
first and the last is present, so a quiet day is a zero, not a gap. Undated articles
(``published`` empty) are left out of every count.

``article_counts``, ``top_entities``, ``entity_mentions``, ``topic_prevalence`` and
``naming_choices`` take ``by="outlet"`` to compute the same quantity for each outlet
(``articles.outlet``): the table gains an ``outlet`` column, every outlet gets every
period (zeros included) and a share is taken over that outlet's own articles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.schemas import to_zone
from analysis.text_rules import bare_name

FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M"}
"""Period names to pandas period codes (weeks run Monday to Sunday)."""

KINDS = ("person", "country", "group", "place", "other")
"""Entity kinds of the ``entities`` and ``article_entities`` tables."""

OTHER_FORMS = "other forms"
"""The form that ``naming_choices`` counts the rarer written forms as."""

NO_OUTLET = "(no outlet)"
"""The outlet of an article whose ``outlet`` is empty, when counting by outlet."""

BY = (None, "outlet")
"""What the aggregations can split their counts by."""

Time = pd.Timestamp | str | None


def _code(freq: str) -> str:
    if freq not in FREQUENCIES:
        raise ValueError(f"freq={freq!r} is invalid; must be one of {list(FREQUENCIES)}")
    return FREQUENCIES[freq]


def _check_kinds(kinds: tuple[str, ...]) -> None:
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"kinds={kinds!r} has unknown kinds {unknown}; must be among {list(KINDS)}")


def _check_positive(name: str, value: int) -> None:
    if value < 1:
        raise ValueError(f"{name}={value!r} is invalid; must be a positive whole number")


def _keys(by: str | None) -> list[str]:
    """The grouping columns for ``by``: none, or ``["outlet"]``."""
    if by not in BY:
        raise ValueError(f"by={by!r} is invalid; must be one of {list(BY)}")
    return [] if by is None else [by]


def outlets_of(articles: pd.DataFrame) -> pd.Series:
    """Each article's outlet, ``NO_OUTLET`` where it is empty.

    Args:
        articles: rows of ``articles`` (``outlet``).

    Returns:
        The outlets as strings, same index.

    Raises:
        ValueError: when ``articles`` has no ``outlet`` column.
    """
    if "outlet" not in articles.columns:
        raise ValueError("by='outlet' needs the articles' outlet column; read articles with it")
    return articles["outlet"].astype("string").fillna(NO_OUTLET).replace("", NO_OUTLET).astype(str)


def _outlet_list(articles: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The outlets of ``articles`` (sorted), as a one-column frame; one empty row when not by outlet."""
    if not keys:
        return pd.DataFrame(index=[0])
    return pd.DataFrame({"outlet": sorted(outlets_of(articles).unique())})


def _grid(outlets: pd.DataFrame, *parts: pd.DataFrame) -> pd.DataFrame:
    """Every combination of the outlets (when counting by outlet) and the parts' rows."""
    grid = outlets
    for part in parts:
        grid = grid.merge(part, how="cross")
    return grid.reset_index(drop=True)


def period_start(times: pd.Series, freq: str) -> pd.Series:
    """The start of the period each time falls in, on the wall clock of the times' zone.

    Args:
        times: tz-aware times (NaT allowed).
        freq: ``"day"``, ``"week"`` or ``"month"``.

    Returns:
        Tz-aware period starts in the same zone, NaT where the time is NaT.

    Raises:
        ValueError: for an unknown ``freq`` or naive times.
    """
    code = _code(freq)
    if times.dt.tz is None:
        raise ValueError("times are naive; periods need tz-aware times (see analysis.schemas.to_zone)")
    local = times.dt.tz_localize(None).dt.to_period(code).dt.start_time
    return to_zone(local, str(times.dt.tz)).rename("period")


def _bound(value: Time, zone: str) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    return stamp.tz_localize(zone) if stamp.tzinfo is None else stamp.tz_convert(zone)


def _periods(times: pd.Series, freq: str, start: Time, end: Time) -> pd.Series:
    """The period of each time whose period lies from ``start``'s to ``end``'s; others dropped."""
    zone = str(times.dt.tz)
    periods = period_start(times, freq)
    keep = periods.notna()
    for bound, inside in ((start, periods.__ge__), (end, periods.__le__)):
        stamp = _bound(bound, zone)
        if stamp is not None:
            keep &= inside(period_start(pd.Series([stamp]), freq).iloc[0])
    return periods[keep]


def _dated(articles: pd.DataFrame, freq: str, start: Time, end: Time, keys: list[str] = ()) -> pd.DataFrame:
    """Dated articles in the window: ``article_id``, ``period`` (and ``outlet`` when in ``keys``)."""
    periods = _periods(articles["published"], freq, start, end)
    dated = pd.DataFrame({"article_id": articles["article_id"][periods.index], "period": periods})
    return dated.assign(outlet=outlets_of(articles)[periods.index]) if keys else dated


def _all_periods(dated: pd.DataFrame, freq: str, start: Time, end: Time) -> pd.Series:
    """Every period from the first to the last (or from ``start`` to ``end`` when given)."""
    zone = str(dated["period"].dt.tz)
    ends = [_bound(start, zone) or dated["period"].min(), _bound(end, zone) or dated["period"].max()]
    if dated.empty and (start is None or end is None):
        return pd.Series([], dtype=dated["period"].dtype, name="period")
    local = pd.period_range(*[stamp.tz_localize(None) for stamp in ends], freq=_code(freq))
    return to_zone(pd.Series(local.start_time), zone).rename("period")


def main_span(published: pd.Series, *, max_gap_days: int = 30,
              share: float = 0.9) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span holding most of a corpus: the shortest span holding ``share`` of the dated
    articles, widened to the whole runs of dates its ends fall in.

    A stray page from another year would otherwise stretch every timeline across
    decades of empty periods, while trimming a fixed share off both ends would cut
    into busy weeks. A run is a stretch of dates in which no two consecutive articles
    are more than ``max_gap_days`` apart, so widening to runs keeps every article
    near the ones kept.

    Args:
        published: tz-aware publication times (NaT ignored).
        max_gap_days: a gap longer than this many days ends a run.
        share: the least share of the dated articles in the shortest span (0 to 1).

    Returns:
        The first and last time of the span.

    Raises:
        ValueError: when no time is given, or for a ``share`` outside 0 to 1.
    """
    _check_positive("max_gap_days", max_gap_days)
    if not 0 < share <= 1:
        raise ValueError(f"share={share!r} is invalid; must be above 0 and at most 1")
    times = published.dropna().sort_values().reset_index(drop=True)
    if times.empty:
        raise ValueError("published has no dates; cannot find the corpus's span")
    k = max(int(np.ceil(share * len(times))), 1)
    lengths = times.iloc[k - 1:].to_numpy() - times.iloc[:len(times) - k + 1].to_numpy()
    first = int(np.argmin(lengths))
    runs = (times.diff() > pd.Timedelta(days=max_gap_days)).cumsum()
    kept = times[runs.between(runs.iloc[first], runs.iloc[first + k - 1])]
    return kept.iloc[0], kept.iloc[-1]


def choose_freq(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A period that gives a readable number of points for a span.

    Args:
        start: the first time.
        end: the last time.

    Returns:
        ``"day"`` up to 92 days, ``"week"`` up to three years, else ``"month"``.
    """
    days = (end - start).days
    return "day" if days <= 92 else "week" if days <= 3 * 365 else "month"


def article_counts(articles: pd.DataFrame, *, freq: str = "day", start: Time = None,
                   end: Time = None, by: str | None = None) -> pd.DataFrame:
    """Articles published per period.

    Args:
        articles: rows of ``articles`` (``article_id``, tz-aware ``published``; ``outlet``
            with ``by="outlet"``).
        freq: ``"day"``, ``"week"`` or ``"month"``.
        start: first period to count (a time in it); the earliest article's when None.
        end: last period to count; the latest article's when None.
        by: None, or ``"outlet"`` to count each outlet's articles apart.

    Returns:
        One row per period, columns ``period`` (tz-aware start) and ``n_articles`` (int);
        with ``by="outlet"``, one row per outlet (every outlet of ``articles``, sorted) and
        period, columns ``outlet``, ``period``, ``n_articles``.

    Raises:
        ValueError: for an unknown ``freq`` or ``by``.
    """
    keys = _keys(by)
    dated = _dated(articles, freq, start, end, keys)
    counts = dated.groupby([*keys, "period"]).size().rename("n_articles").reset_index()
    grid = _grid(_outlet_list(articles, keys), _all_periods(dated, freq, start, end).to_frame())
    table = grid.merge(counts, on=[*keys, "period"], how="left", validate="1:1")
    return table.fillna({"n_articles": 0}).astype({"n_articles": "int64"})[[*keys, "period", "n_articles"]]


def top_entities(article_entities: pd.DataFrame, *, kinds: tuple[str, ...] = ("person", "country", "group"),
                 n: int = 10, by: str | None = None, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The entities of each kind mentioned in the most articles.

    Args:
        article_entities: rows of ``article_entities``.
        kinds: entity kinds to rank.
        n: entities kept per kind.
        by: None, or ``"outlet"`` to rank each outlet's entities apart.
        articles: rows of ``articles`` (``article_id``, ``outlet``): needed with
            ``by="outlet"``, to know each article's outlet and each outlet's number of
            articles; only the mentions of these articles are counted then. Ignored when
            ``by`` is None.

    Returns:
        Columns ``kind``, ``rank`` (1 = most articles), ``name``, ``n_articles`` (articles
        mentioning it), ``n_mentions`` (its mentions in them); ordered by kind as given, then rank.
        Ties are broken by mentions, then name. With ``by="outlet"``: columns ``outlet``,
        ``kind``, ``rank``, ``name``, ``n_articles``, ``n_mentions``, ``share`` (``n_articles``
        over the outlet's articles; NaN for an outlet without articles), one row per outlet
        (every outlet of ``articles``, sorted) and entity in any outlet's top ``n``, so that
        outlets can be set side by side: ``rank`` is the entity's rank in that outlet (above
        ``n`` when only another outlet ranks it in its top ``n``; after every mentioned entity,
        by name, when the outlet never mentions it).

    Raises:
        ValueError: for an unknown kind or ``by``, ``n`` below 1, or ``by="outlet"`` without
            ``articles``.
    """
    _check_kinds(kinds)
    _check_positive("n", n)
    keys = _keys(by)
    if keys and articles is None:
        raise ValueError("top_entities(by='outlet') needs articles= (article_id, outlet) to know each "
                         "article's outlet")
    chosen = article_entities[article_entities["kind"].isin(kinds)]
    if keys:
        outlets = pd.DataFrame({"article_id": articles["article_id"], "outlet": outlets_of(articles)})
        chosen = chosen.drop(columns="outlet", errors="ignore").merge(outlets, on="article_id", validate="m:1")
    ranked = _ranked(chosen, kinds, keys)
    if not keys:
        return ranked[ranked["rank"] <= n][["kind", "rank", "name", "n_articles", "n_mentions"]].reset_index(drop=True)
    return _side_by_side(ranked, n, kinds, _outlet_list(articles, keys),
                         outlets.groupby("outlet").size())


def _ranked(chosen: pd.DataFrame, kinds: tuple[str, ...], keys: list[str]) -> pd.DataFrame:
    """Every entity's articles and mentions per kind (and outlet), with its rank there."""
    totals = (chosen.groupby([*keys, "kind", "name"], observed=True)
              .agg(n_articles=("article_id", "nunique"), n_mentions=("n_mentions", "sum")).reset_index()
              .astype({"kind": str, "name": str}))
    totals = totals.assign(order=totals["kind"].map({kind: i for i, kind in enumerate(kinds)}))
    ranked = totals.sort_values([*keys, "order", "n_articles", "n_mentions", "name"],
                                ascending=[True] * len(keys) + [True, False, False, True])
    return ranked.assign(rank=ranked.groupby([*keys, "kind"]).cumcount() + 1)


def _side_by_side(ranked: pd.DataFrame, n: int, kinds: tuple[str, ...], outlets: pd.DataFrame,
                  sizes: pd.Series) -> pd.DataFrame:
    """Each outlet's row for every entity in any outlet's top ``n``; see ``top_entities``."""
    shown = ranked[ranked["rank"] <= n][["kind", "name"]].drop_duplicates()
    table = _grid(outlets, shown).merge(ranked.drop(columns="order"), on=["outlet", "kind", "name"], how="left",
                                        validate="1:1")
    table = table.fillna({"n_articles": 0, "n_mentions": 0}).astype({"n_articles": "int64", "n_mentions": "int64"})
    unranked = table["rank"].isna()
    last = ranked.groupby(["outlet", "kind"])["rank"].max()
    after = pd.Series(list(zip(table["outlet"], table["kind"])), index=table.index).map(last).fillna(0)
    by_name = table[unranked].sort_values("name").groupby(["outlet", "kind"]).cumcount()
    table.loc[unranked, "rank"] = after[unranked] + by_name.reindex(table.index[unranked]) + 1
    table = table.astype({"rank": "int64"})
    table = table.assign(share=table["n_articles"] / table["outlet"].map(sizes).replace(0, np.nan).astype("float64"),
                         order=table["kind"].map({kind: i for i, kind in enumerate(kinds)}))
    table = table.sort_values(["outlet", "order", "rank"])
    return table[["outlet", "kind", "rank", "name", "n_articles", "n_mentions", "share"]].reset_index(drop=True)


def entity_mentions(article_entities: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "day",
                    kinds: tuple[str, ...] = ("person", "country", "group"), n: int = 5,
                    start: Time = None, end: Time = None, by: str | None = None) -> pd.DataFrame:
    """Mentions of the top ``n`` entities of each kind per period, as counts and as shares.

    Entities are ranked over the articles of the window (``start`` to ``end``).

    Args:
        article_entities: rows of ``article_entities``.
        articles: rows of ``articles`` (``article_id``, ``published``; ``outlet`` with ``by``).
        freq: ``"day"``, ``"week"`` or ``"month"``.
        kinds: entity kinds.
        n: entities per kind.
        start: first period (a time in it); the earliest article's when None.
        end: last period; the latest article's when None.
        by: None, or ``"outlet"``: each outlet's entities are ranked and counted apart, and
            every outlet gets a row for each entity in any outlet's top ``n`` (see
            ``top_entities``), its share taken over that outlet's articles of the period.

    Returns:
        One row per period and entity (zeros included), columns ``period``, ``kind``,
        ``rank``, ``name``, ``n_articles`` (articles of the period mentioning it),
        ``n_mentions`` (its mentions in them), ``share`` (``n_articles`` over the period's
        articles; NaN for a period without articles). With ``by="outlet"``, one row per
        outlet, period and entity, and an ``outlet`` column first; ``rank`` is the rank in
        the outlet.
    """
    keys = _keys(by)
    dated = _dated(articles, freq, start, end, keys)
    mentions = article_entities.drop(columns="outlet", errors="ignore").merge(dated, on="article_id", validate="m:1")
    top = top_entities(mentions, kinds=kinds, n=n, by=by, articles=dated)
    mentions = mentions.astype({"kind": str, "name": str}).merge(
        top[[*keys, "kind", "name"]], on=[*keys, "kind", "name"], validate="m:1")
    counts = mentions.groupby([*keys, "period", "kind", "name"]).agg(
        n_articles=("article_id", "nunique"), n_mentions=("n_mentions", "sum"))
    periods = _all_periods(dated, freq, start, end).to_frame()
    grid = (periods.merge(top[["kind", "rank", "name"]], how="cross") if not keys else
            top[["outlet", "kind", "rank", "name"]].merge(periods, how="cross"))
    grid = grid[[*keys, "period", "kind", "rank", "name"]]
    table = grid.merge(counts.reset_index(), on=[*keys, "period", "kind", "name"], how="left", validate="1:1")
    table = table.fillna({"n_articles": 0, "n_mentions": 0}).astype({"n_articles": "int64", "n_mentions": "int64"})
    if keys:
        table = table.sort_values(["outlet", "period"], kind="stable").reset_index(drop=True)
    return table.assign(share=table["n_articles"] / _period_sizes(dated, table, keys))


def _period_sizes(dated: pd.DataFrame, table: pd.DataFrame, keys: list[str] = ()) -> np.ndarray:
    """The number of dated articles of each row's period (and outlet); NaN for none."""
    sizes = dated.groupby([*keys, "period"]).size().rename("size").reset_index()
    rows = table[[*keys, "period"]].merge(sizes, on=[*keys, "period"], how="left", validate="m:1")
    return rows["size"].replace(0, np.nan).to_numpy(dtype="float64")


def topic_prevalence(article_topics: pd.DataFrame, articles: pd.DataFrame, *,
                     topics: pd.DataFrame | None = None, freq: str = "day", start: Time = None,
                     end: Time = None, by: str | None = None) -> pd.DataFrame:
    """How much of each period's coverage each topic takes.

    Args:
        article_topics: rows of ``article_topics`` (``article_id``, ``topic``, ``weight``).
        articles: rows of ``articles`` (``article_id``, ``published``; ``outlet`` with ``by``).
        topics: rows of ``topics`` (``topic``, ``label``) to name the topics; ``topic N`` when None.
        freq: ``"day"``, ``"week"`` or ``"month"``.
        start: first period (a time in it); the earliest article's when None.
        end: last period; the latest article's when None.
        by: None, or ``"outlet"`` to measure each outlet's coverage apart.

    Returns:
        One row per period and topic (zeros included), columns ``period``, ``topic``,
        ``label``, ``n_articles`` (articles of the period with the topic), ``weight`` (sum of
        its weights there), ``prevalence`` (``weight`` over the period's articles: the mean
        weight, i.e. its share of coverage when each article's weights sum to one; NaN for a
        period without articles). With ``by="outlet"``, one row per outlet (every outlet of
        ``articles``, sorted), period and topic, an ``outlet`` column first, and
        ``prevalence`` over that outlet's articles of the period.
    """
    keys = _keys(by)
    dated = _dated(articles, freq, start, end, keys)
    weighted = article_topics.merge(dated, on="article_id", validate="m:1")
    sums = weighted.groupby([*keys, "period", "topic"]).agg(
        n_articles=("article_id", "nunique"), weight=("weight", "sum")).reset_index()
    names = _topic_labels(article_topics["topic"], topics)
    grid = _grid(_outlet_list(articles, keys), _all_periods(dated, freq, start, end).to_frame(), names)
    table = grid.merge(sums, on=[*keys, "period", "topic"], how="left", validate="1:1")
    table = table.fillna({"n_articles": 0, "weight": 0.0}).astype({"n_articles": "int64", "weight": "float64"})
    return table.assign(prevalence=table["weight"] / _period_sizes(dated, table, keys))


def _topic_labels(topic_ids: pd.Series, topics: pd.DataFrame | None) -> pd.DataFrame:
    ids = pd.Series(sorted(topic_ids.dropna().unique()), name="topic")
    if topics is None:
        return ids.to_frame().assign(label="topic " + ids.astype(str))
    labels = topics.drop_duplicates("topic").set_index("topic")["label"]
    return ids.to_frame().assign(label=ids.map(labels).fillna("topic " + ids.astype(str)).astype(str))


def related_activity(related: pd.DataFrame, *, freq: str = "day", start: Time = None,
                     end: Time = None) -> pd.DataFrame:
    """Related-story activity by the stories' own times (from the ticks in their image paths).

    Args:
        related: rows of ``related`` (``story_id``, tz-aware ``published``).
        freq: ``"day"``, ``"week"`` or ``"month"``.
        start: first period (a time in it); the earliest story's when None.
        end: last period; the latest story's when None.

    Returns:
        One row per period, columns ``period``, ``n_stories`` (distinct listed stories
        published in it) and ``n_listings`` (how often they were listed, in all).
    """
    periods = _periods(related["published"], freq, start, end)
    dated = pd.DataFrame({"story_id": related["story_id"][periods.index], "period": periods})
    sums = dated.groupby("period").agg(n_stories=("story_id", "nunique"), n_listings=("story_id", "size"))
    periods = _all_periods(dated, freq, start, end)
    table = sums.reindex(periods, fill_value=0).astype("int64")
    return table.reset_index().rename(columns={"index": "period"})


def story_promotion(related: pd.DataFrame, articles: pd.DataFrame, *, n: int = 15, start: Time = None,
                    end: Time = None) -> pd.DataFrame:
    """The stories the site lists most as related, with every time a page listed them.

    Args:
        related: rows of ``related``.
        articles: rows of ``articles`` (``article_id``, ``published``): the listing pages.
        n: stories kept.
        start: only stories published from this day on.
        end: only stories published up to this day (inclusive).

    Returns:
        One row per listing of a kept story, columns ``rank`` (1 = listed most), ``story_id``,
        ``title``, ``published`` (the story's time), ``listed`` (the listing page's time),
        ``n_lists`` (its listings), ``days_listed`` (from its time to its last listing, in
        days); ordered by rank, then listing time. Undated listing pages are left out.
    """
    _check_positive("n", n)
    pages = articles[["article_id", "published"]].rename(columns={"published": "listed"})
    rows = related.merge(pages, on="article_id", validate="m:1").dropna(subset=["listed"])
    rows = rows.loc[_periods(rows["published"], "day", start, end).index].astype({"story_id": str, "title": str})
    stats = rows.groupby("story_id").agg(n_lists=("article_id", "size"), last=("listed", "max"),
                                         published=("published", "min"), title=("title", lambda s: s.mode().iloc[0]))
    stats = stats.sort_values(["n_lists", "published"], ascending=[False, True]).head(n)
    stats = stats.assign(rank=np.arange(1, len(stats) + 1),
                         days_listed=(stats["last"] - stats["published"]) / pd.Timedelta(days=1))
    kept = rows[["story_id", "listed"]].merge(stats.drop(columns="last").reset_index(), on="story_id",
                                              validate="m:1")
    columns = ["rank", "story_id", "title", "published", "listed", "n_lists", "days_listed"]
    return kept.sort_values(["rank", "listed"])[columns].reset_index(drop=True)


def written_form(text: pd.Series) -> pd.Series:
    """How a mention writes its entity: its ``analysis.text_rules.bare_name``.

    The name the entity resolver reads: apostrophes and dashes folded, surrounding
    punctuation, a leading "the" and a possessive (any case) dropped; letter case and
    spelling kept, since they are the choice charted ("OPEC" or "Opec").

    Args:
        text: mentions as written (``entities.text``).

    Returns:
        The forms, same index, e.g. ``"the European Community's"`` -> ``"European Community"``,
        ``"OPEC'S"`` and ``"OPEC’s"`` -> ``"OPEC"``.
    """
    written = text.astype(str)
    forms = {value: bare_name(value) for value in written.unique()}
    return written.map(forms)


def naming_variants(entities: pd.DataFrame, *, kind: str = "group", sections: tuple[str, ...] = ("body",),
                    min_mentions: int = 10) -> pd.DataFrame:
    """Entities written in several ways, each of two ways at least ``min_mentions`` times.

    Args:
        entities: rows of ``entities``.
        kind: the entity kind.
        sections: the sections read; headlines are left out by default because some
            sources write them in capitals.
        min_mentions: mentions the second most used form needs.

    Returns:
        One row per form of each such entity, columns ``name``, ``form``, ``n_mentions``,
        ``share`` (of the entity's mentions); entities ordered by the mentions of their
        second form (most first), forms by mentions.
    """
    chosen = _mentions_of(entities, kind, sections)
    forms = (chosen.assign(form=written_form(chosen["text"])).astype({"name": str})
             .groupby(["name", "form"]).size().rename("n_mentions").reset_index()
             .sort_values(["name", "n_mentions", "form"], ascending=[True, False, True]))
    second = forms.groupby("name")["n_mentions"].transform(lambda counts: counts.iloc[1] if len(counts) > 1 else 0)
    forms = forms.assign(second=second, share=forms["n_mentions"] / forms.groupby("name")["n_mentions"].transform("sum"))
    kept = forms[forms["second"] >= min_mentions].sort_values(["second", "name", "n_mentions"],
                                                             ascending=[False, True, False])
    return kept[["name", "form", "n_mentions", "share"]].reset_index(drop=True)


def naming_choices(entities: pd.DataFrame, articles: pd.DataFrame, *, name: str, kind: str = "group",
                   freq: str = "week", sections: tuple[str, ...] = ("body",), max_forms: int = 4,
                   start: Time = None, end: Time = None, by: str | None = None) -> pd.DataFrame:
    """How often each written form of one entity is used, per period.

    Args:
        entities: rows of ``entities``.
        articles: rows of ``articles`` (``article_id``, ``published``; ``outlet`` with ``by``).
        name: the entity's canonical name, e.g. ``"OPEC"``.
        kind: its kind.
        freq: ``"day"``, ``"week"`` or ``"month"``.
        sections: the sections read (see ``naming_variants``).
        max_forms: forms shown by name; the rarer ones are counted as ``OTHER_FORMS``.
        start: first period (a time in it); the earliest article's when None.
        end: last period; the latest article's when None.
        by: None, or ``"outlet"`` to count each outlet's mentions apart; the forms shown by
            name are the most used over all outlets, so every outlet shows the same forms.

    Returns:
        One row per period and form (zeros included), columns ``period``, ``form``,
        ``n_mentions``, ``share`` (of the entity's mentions in the period; NaN when none).
        With ``by="outlet"``, one row per outlet (every outlet of ``articles``, sorted),
        period and form, an ``outlet`` column first, and ``share`` of the entity's mentions
        by that outlet in the period.

    Raises:
        ValueError: when the entity has no mention in those sections.
    """
    _check_positive("max_forms", max_forms)
    keys = _keys(by)
    chosen = _mentions_of(entities, kind, sections)
    chosen = chosen[chosen["name"] == name]
    if chosen.empty:
        raise ValueError(f"name={name!r} has no {kind} mentions in sections {list(sections)}")
    dated = _dated(articles, freq, start, end, keys)
    mentions = (chosen.drop(columns="outlet", errors="ignore").assign(form=written_form(chosen["text"]))
                .merge(dated, on="article_id", validate="m:1"))
    totals = mentions["form"].value_counts()
    forms = list(totals.index[:max_forms]) + ([OTHER_FORMS] if len(totals) > max_forms else [])
    mentions = mentions.assign(form=mentions["form"].where(mentions["form"].isin(forms), OTHER_FORMS))
    counts = mentions.groupby([*keys, "period", "form"]).size().rename("n_mentions").reset_index()
    grid = _grid(_outlet_list(articles, keys), _all_periods(dated, freq, start, end).to_frame(),
                 pd.DataFrame({"form": forms}))
    table = grid.merge(counts, on=[*keys, "period", "form"], how="left", validate="1:1")
    table = table.fillna({"n_mentions": 0}).astype({"n_mentions": "int64"})
    per_period = table.groupby([*keys, "period"])["n_mentions"].transform("sum").replace(0, np.nan)
    return table.assign(share=table["n_mentions"] / per_period)


def _mentions_of(entities: pd.DataFrame, kind: str, sections: tuple[str, ...]) -> pd.DataFrame:
    _check_kinds((kind,))
    unknown = [section for section in sections if section not in ("title", "body")]
    if unknown:
        raise ValueError(f"sections={sections!r} has unknown sections {unknown}; must be among ['title', 'body']")
    return entities[(entities["kind"] == kind) & entities["section"].isin(sections)]
