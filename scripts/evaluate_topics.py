"""Score the project's topic model on BBC News beside plain scikit-learn NMF and LDA.

Corpus: the shared BBC News articles (``analysis.config.CORPORA_DIR / "bbc_news"``),
duplicates dropped, 5 gold classes. For each model and number of topics k:

- ``npmi``: gensim ``CoherenceModel`` ``c_npmi`` of the top 10 terms, with the
  corpus itself (as each model tokenises it) as reference;
- ``diversity``: distinct share of the top 10 terms;
- ``nmi``/``ari``: each article's strongest topic against the gold classes (k=5 only);
- ``agree``: agreement of the top 10 terms between fits with different seeds
  (Hungarian matching on Jaccard overlap; 1.0 = the same topics).

With ``auto`` among the ks, the other models are also fitted at the k the
``TopicModel`` chose for the same seed ("chosen k"), so they compare at equal k.

``--split`` scores one half of the corpus (``evaluation.split_halves``: within each
class, articles ordered by the SHA-1 of their text, alternately ``tune`` and
``held-out``): the model's choices are tuned on ``tune`` only and reported on
``held-out``; ``all`` (the default) scores the whole shared part.

Models: ``TopicModel`` (this project; ``auto`` is the k it chooses itself),
``TopicModel+bigrams`` (the same with bigram terms), ``NMF`` (TF-IDF, English
stop words, min_df=2, scikit-learn defaults) and ``LDA`` (counts, the same vocabulary
settings, scikit-learn defaults).

    python scripts/evaluate_topics.py                 # k = auto, 5, 10, 20, 30, 50; seeds 0 1 2
    python scripts/evaluate_topics.py --k 5 --seeds 0 --models TopicModel NMF
    python scripts/evaluate_topics.py --split held-out --k auto   # chosen k, on the held-out half
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from analysis.topics import TopicModel, analyse, quality
from analysis.topics.evaluation import BBC_DIR, SPLITS, read_bbc_news, score_fit, split_halves

MODELS = ("TopicModel", "TopicModel+bigrams", "NMF", "LDA")
Fit = tuple[list[list[str]], np.ndarray, list[list[str]]]
"""What a fitter returns: top 10 terms per topic, document weights, reference texts."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", nargs="+", default=["auto", "5", "10", "20", "30", "50"],
                        help="numbers of topics; 'auto' lets TopicModel choose (default auto 5 10 20 30 50)")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2],
                        help="random states; scores are averaged (default 0 1 2)")
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--split", choices=("all", *SPLITS), default="all",
                        help="score the whole shared part (default) or one half of it")
    return parser.parse_args(argv)


def fit_topic_model(texts: list[str], k: int | None, seed: int, *, bigrams: bool = False) -> Fit:
    """Fit the project's model; its reference texts are the terms it reads (bigrams included)."""
    model = TopicModel(n_topics=k, random_state=seed, bigrams=bigrams)
    terms = [analyse(text) for text in texts]
    weights = model.fit_transform(terms)
    return model.top_terms(10), weights, model.analyse(terms)


def fit_nmf(texts: list[str], k: int, seed: int) -> Fit:
    """Plain NMF on TF-IDF (English stop words, min_df=2)."""
    vectoriser = TfidfVectorizer(stop_words="english", min_df=2)
    matrix = vectoriser.fit_transform(texts)
    nmf = NMF(n_components=k, random_state=seed, max_iter=400)
    weights = nmf.fit_transform(matrix)
    return _tops(nmf.components_, vectoriser), weights, _tokens(vectoriser, texts)


def fit_lda(texts: list[str], k: int, seed: int) -> Fit:
    """Plain LDA on counts (English stop words, min_df=2)."""
    vectoriser = CountVectorizer(stop_words="english", min_df=2)
    matrix = vectoriser.fit_transform(texts)
    lda = LatentDirichletAllocation(n_components=k, random_state=seed)
    weights = lda.fit_transform(matrix)
    return _tops(lda.components_, vectoriser), weights, _tokens(vectoriser, texts)


def _tops(components: np.ndarray, vectoriser: CountVectorizer) -> list[list[str]]:
    terms = vectoriser.get_feature_names_out()
    return [list(terms[row]) for row in quality.top_indices(components, 10)]


def _tokens(vectoriser: CountVectorizer, texts: list[str]) -> list[list[str]]:
    analyse = vectoriser.build_analyzer()
    return [analyse(text) for text in texts]


def fitters() -> dict[str, Callable[[list[str], int | None, int], Fit]]:
    """Each model's fitting function."""
    return {"TopicModel": fit_topic_model,
            "TopicModel+bigrams": lambda t, k, s: fit_topic_model(t, k, s, bigrams=True),
            "NMF": fit_nmf, "LDA": fit_lda}


def evaluate(corpus: pd.DataFrame, models: list[str], ks: list[str], seeds: list[int]) -> pd.DataFrame:
    """Score every model, k and seed; one row per model and k, averaged over seeds.

    At ``k="auto"`` the ``TopicModel`` chooses k; the other models are fitted at the k it
    chose for the same seed (``TopicModel`` runs first), or skipped when it is not evaluated.
    """
    rows, chosen = [], {}
    texts, labels = corpus["text"].tolist(), corpus["label"].tolist()
    for name in sorted(models, key=lambda model: model != "TopicModel"):
        for k in ks:
            if k == "auto" and not name.startswith("TopicModel") and not chosen:
                continue
            scores, tops, started = [], [], time.perf_counter()
            for seed in seeds:
                n_topics = int(k) if k != "auto" else None if name.startswith("TopicModel") else chosen[seed]
                top, weights, reference = fitters()[name](texts, n_topics, seed)
                if k == "auto" and name == "TopicModel":
                    chosen[seed] = weights.shape[1]
                gold = labels if weights.shape[1] == 5 else None
                scores.append({**score_fit(top, weights, reference, gold), "k": weights.shape[1]})
                tops.append(top)
            frame = pd.DataFrame(scores)
            rows.append({"model": name, "k": k, "k_fitted": "/".join(map(str, sorted(set(frame["k"])))),
                         **frame.drop(columns="k").mean().to_dict(),
                         "agree": quality.stability(tops) if len(tops) > 1 else np.nan,
                         "seconds": (time.perf_counter() - started) / len(seeds)})
            print(pd.DataFrame(rows[-1:]).round(3).to_string(index=False, header=len(rows) == 1),
                  file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the table."""
    args = parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning)
    corpus = read_bbc_news(BBC_DIR)
    corpus = corpus if args.split == "all" else split_halves(corpus, args.split)
    print(f"BBC News ({args.split}): {len(corpus):,} distinct articles, {corpus['label'].nunique()} classes; "
          f"seeds {args.seeds}", flush=True)
    table = evaluate(corpus, args.models, args.k, args.seeds)
    print(table.round(3).to_string(index=False, na_rep="-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
