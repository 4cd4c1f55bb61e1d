"""Scans of a whole document for many words: Aho–Corasick a window at a time, and one regex for a
word list.

pyahocorasick copies the string it scans into four bytes a character: one pass over a 20 MB draft
would cost a 30 MB spike. Windows that overlap by the longest word find exactly the same matches."""
from __future__ import annotations

import re

WINDOW = 1 << 16     # characters


def iter_windows(automaton, text: str, window=None):
    """(end, value) exactly as automaton.iter(text) gives them, in the same order."""
    window = window or WINDOW
    overlap = max(automaton.get_stats()["longest_word"] - 1, 0)
    for start in range(0, len(text), window):
        lo = max(0, start - overlap)
        for end, value in automaton.iter(text[lo:start + window]):
            end += lo
            if end >= start:      # a match ending earlier lies wholly in the previous window
                yield end, value


def key(word: str) -> str:
    """The form in which a word goes into an automaton that iter_utf8 scans."""
    return word.encode("utf-8", "surrogatepass").decode("latin-1")


def iter_utf8(automaton, text: str, window=None):
    """As iter_windows, for an automaton whose words went in through key(): it runs over the UTF-8
    bytes of the text seen as latin-1 characters. With hundreds of words a node of the str automaton
    has hundreds of branches (one per first character) and a byte node at most 256: the scan takes
    half the time; with a few dozen words it is the other way round. UTF-8 is self-synchronising, so
    a match always starts and ends on whole characters."""
    window = window or WINDOW
    # the longest word in bytes: at least as many characters as the overlap needs
    overlap = max(automaton.get_stats()["longest_word"] - 1, 0)
    for start in range(0, len(text), window):
        lo = max(0, start - overlap)
        data = text[lo:start + window].encode("utf-8", "surrogatepass")
        byte_pos, char_pos = 0, lo
        for end, value in automaton.iter(data.decode("latin-1")):
            end += 1
            # matches come in order of their end: count the characters since the previous one
            char_pos += len(data[byte_pos:end].decode("utf-8", "surrogatepass"))
            byte_pos = end
            if char_pos > start:      # a match ending earlier lies wholly in the previous window
                yield char_pos - 1, value


def words_pattern(words) -> str:
    """A regex for a set of words with their common beginnings shared, in trie form ("下(?:载|…)"):
    re tries an alternation's branches one by one at every candidate position, so 142 flat
    alternatives scanned 60 % slower. It matches the longest word at each position, as the flat
    alternation of the words longest first does."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body
    return emit(trie)
