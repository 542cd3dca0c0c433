"""Body tidying: crawler repeats reduced, hard-wrapped lines joined, white space normalised.

Applied to the body of every article, whatever its input kind (``records.page_record``).
Pure functions over text; the rules, in the order ``tidy_body`` applies them:

1. **Repeats** (``reduce_repeats``). Older Tehran Times pages (ids < 400,000) restate the
   article line after line, each later line starting from a later point (a nested ``<p>``
   crawler artefact). Lines are split into sentences (``split_sentences``); a line whose first
   sentence was already seen inside an earlier line is a restatement: dropped whole when all
   its sentences were seen, else its seen sentences of at least ``MIN_REPEAT_WORDS`` words are
   dropped. So each sentence is kept once, in first-seen order, while normal text keeps what it
   repeats on purpose: a paragraph repeated whole, a short phrase ("He said no.").
2. **Hard wraps** (``join_wrapped``). Inside a block (lines between blank lines), the break
   between line ``a`` and line ``b`` is a wrap, and the lines are joined with one space, when
   ``b`` does not start a list item and

   - ``b`` starts with a lower-case letter (the sentence goes on), or
   - ``b`` is indented and ``a`` does not end a sentence (RT's CSV bodies: ~60 characters a
     line, continuation lines indented by two spaces), or
   - ``a`` does not end a sentence, ``a`` has at least ``MIN_WRAP_CHARS`` characters and the
     block is hard-wrapped: at least three lines, all but the last at most ``WRAP_WIDTH``.

   Other breaks stay: short standalone lines (headings, ``Managing Director:``), list items,
   and lines that end a sentence keep their own line.
3. **White space** (``normalise_line``). No-break spaces (U+00A0, U+202F) and the other
   Unicode space characters become plain spaces, runs of spaces and tabs become one space,
   lines are trimmed, and control characters (``\\x1a`` and the like) are removed. Zero-width
   joiners and non-joiners (Persian) are kept.

Blocks stay separated by one blank line (the ``articles.body`` contract); a block's remaining
line breaks stay single line breaks.
"""

from __future__ import annotations

import re

MIN_REPEAT_WORDS = 6
"""A sentence seen before is dropped from a line with new text only from this many words on."""

WRAP_WIDTH = 100
"""Lines of a hard-wrapped block are at most this long (RT: ~60; e-mail and text files: 72-80)."""

MIN_WRAP_CHARS = 40
"""A line shorter than this that ends without punctuation is a heading, not a wrapped line."""

_SENTENCE_BREAK = re.compile(r"([.!?…][\"”’')\]]?)\s+(?=[\"“‘'(\[]?[A-Z0-9\u0600-\u06ff])")
"""Sentence-final punctuation (and a closing quote), white space, then a capital or digit."""
_BREAK_MARK = "\x1e"
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-*•·▪–—]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s)")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at ``.``, ``!``, ``?`` or ``…`` followed by a capital or digit.

    A rule of thumb, not a linguistic parser: ``U.S. State Department`` splits after
    ``U.S.``; the same text always splits the same way, which is what repeat finding needs.

    Args:
        text: one line or paragraph.

    Returns:
        The sentences, stripped, in order (empty list for blank text).
    """
    marked = _SENTENCE_BREAK.sub(lambda match: match.group(1) + _BREAK_MARK, text)
    return [part.strip() for part in marked.split(_BREAK_MARK) if part.strip()]


def _key(sentence: str) -> str:
    return " ".join(sentence.split())  # str.split splits at every Unicode space, NBSP included


def may_restate(body: str, lines: list[str], prefix: int = 30) -> bool:
    """A quick test (string search) that a body may hold a crawler restatement: some line's
    opening text occurs earlier in the body. Bodies that fail it skip ``reduce_repeats``.

    Args:
        body: the body.
        lines: its lines.
        prefix: characters of a line's opening compared.

    Returns:
        False when no line can be a restatement.
    """
    offset = 0
    for line in lines:
        opening = line.strip()[:prefix]
        if offset and len(opening) == prefix and body.find(opening, 0, offset) != -1:
            return True
        offset += len(line) + 1
    return False


def reduce_repeats(lines: list[str]) -> tuple[list[str], int]:
    """Drop crawler restatements: lines that restart the article from a later point.

    A line is a restatement when its first sentence was already seen *inside* an earlier line
    (not as that line's first sentence). A restatement made only of sentences seen before is
    dropped whole; from one that adds new text, the sentences seen before with at least
    ``MIN_REPEAT_WORDS`` words are dropped. Other lines are kept as written, so a paragraph
    repeated whole, or a short phrase that recurs, stays.

    Args:
        lines: the body's lines in order (blank lines are passed through).

    Returns:
        The lines kept (a line losing some sentences is rejoined with single spaces, its
        leading indentation kept) and the number of sentences dropped.
    """
    if sum(1 for line in lines if line.strip()) < 2:
        return list(lines), 0
    seen: set[str] = set()
    inside: set[str] = set()
    kept: list[str] = []
    dropped = 0
    for line in lines:
        sentences = split_sentences(line)
        keys = [_key(sentence) for sentence in sentences]
        if not keys or keys[0] not in inside:
            kept.append(line)
        elif all(key in seen for key in keys):
            dropped += len(keys)
        else:
            new = [sentence for sentence, key in zip(sentences, keys)
                   if key not in seen or len(key.split()) < MIN_REPEAT_WORDS]
            dropped += len(sentences) - len(new)
            kept.append(line[:len(line) - len(line.lstrip())] + " ".join(new))
        seen.update(keys)
        inside.update(keys[1:])
    return kept, dropped


def _ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line.rstrip()) is not None


def _is_wrap(before: str, after: str, wrapped_block: bool) -> bool:
    text = after.lstrip()
    if not text or _LIST_ITEM.match(text):
        return False
    if text[0].islower():
        return True
    if _ends_sentence(before):
        return False
    if after[:1].isspace():
        return True
    return wrapped_block and len(before.strip()) >= MIN_WRAP_CHARS


def join_wrapped(lines: list[str]) -> list[str]:
    """Join the hard-wrapped lines of one block (no blank lines inside) into their paragraphs.

    Args:
        lines: the block's lines, as written (leading indentation matters).

    Returns:
        The block's lines after joining, stripped; as many as ``lines`` or fewer.
    """
    if not lines:
        return []
    wrapped_block = len(lines) >= 3 and all(len(line.strip()) <= WRAP_WIDTH for line in lines[:-1])
    joined = [lines[0].strip()]
    for before, after in zip(lines, lines[1:]):
        if _is_wrap(before, after, wrapped_block):
            joined[-1] = f"{joined[-1]} {after.strip()}".strip()
        else:
            joined.append(after.strip())
    return joined


def normalise_line(line: str) -> str:
    """Normalise the white space of one line (rule 3 of the module).

    Args:
        line: one line.

    Returns:
        The line with Unicode spaces as single plain spaces, no control characters, trimmed.
    """
    spaced = " ".join(line.split())  # every Unicode space (NBSP, U+202F, ...) and tab
    return " ".join(_CONTROLS.sub("", spaced).split()) if _CONTROLS.search(spaced) else spaced


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def tidy_body(body: str) -> str:
    """Tidy a body: repeats reduced, hard wraps joined, white space normalised.

    Args:
        body: the body text, ``\\n`` line endings, paragraphs separated by blank lines.

    Returns:
        The tidied body, blocks separated by one blank line. A body that needs nothing is
        returned as it was (the same text).
    """
    if not body:
        return body
    lines = body.split("\n")
    if may_restate(body, lines):
        lines, _ = reduce_repeats(lines)
    blocks = []
    for block in _blocks(lines):
        tidied = [normalise_line(line) for line in join_wrapped(block)]
        if any(tidied):
            blocks.append("\n".join(line for line in tidied if line))
    return "\n\n".join(blocks)
