"""Word boundaries from jieba, loaded only when a rule asks and only for the sentence around a hit."""
from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_MAX = 200


@lru_cache(maxsize=1)
def _jieba():
    # jieba's Tokenizer with its dictionary loaded per first character on demand (wordsdict.py):
    # the same cuts as jieba.initialize() without its half-second, 55 MB start.
    from .wordsdict import tokenizer
    return tokenizer()


@lru_cache(maxsize=4096)
def _boundaries(sentence: str) -> frozenset:
    cuts = {0}
    for _word, start, end in _jieba().tokenize(sentence):
        cuts.add(start)
        cuts.add(end)
    return frozenset(cuts)


def sentence_around(text: str, start: int, end: int) -> tuple:
    lo = max(0, start - _MAX)
    left = text.rfind("\n", lo, start)
    for m in _SENTENCE_END.finditer(text, max(lo, left + 1), start):
        lo = m.end()
    if left >= lo:
        lo = left + 1
    m = _SENTENCE_END.search(text, end, min(len(text), end + _MAX))
    hi = m.end() if m else min(len(text), end + _MAX)
    return lo, hi


def on_word_boundary(text: str, start: int, end: int) -> bool:
    """True when jieba cuts the sentence at both ends of text[start:end]."""
    lo, hi = sentence_around(text, start, end)
    cuts = _boundaries(text[lo:hi])
    return (start - lo) in cuts and (end - lo) in cuts
