"""Aho–Corasick scans of a whole document, a window at a time.

pyahocorasick copies the string it scans into four bytes a character: one pass over a 20 MB draft
costs a 30 MB spike. Windows that overlap by the longest key find exactly the same matches."""
from __future__ import annotations

WINDOW = 1 << 16     # characters


def iter_windows(automaton, text: str, window: int = WINDOW):
    """(end, value) exactly as automaton.iter(text) gives them, in the same order."""
    overlap = max(automaton.get_stats()["longest_word"] - 1, 0)
    for start in range(0, len(text), window):
        lo = max(0, start - overlap)
        for end, value in automaton.iter(text[lo:start + window]):
            end += lo
            if end >= start:      # a match ending earlier lies wholly in the previous window
                yield end, value
