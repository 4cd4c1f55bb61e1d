"""Scans of a whole document for many words: Aho–Corasick for hundreds of them, regexes for fewer.

pyahocorasick copies the string it scans into four bytes a character: one pass over a 20 MB draft
would cost a 30 MB spike, so it goes a window at a time. Windows that overlap by the longest word
find exactly the same matches."""
from __future__ import annotations

import re

WINDOW = 1 << 16     # characters


def key(word: str) -> str:
    """The form in which a word goes into an automaton that iter_utf8 scans."""
    return word.encode("utf-8", "surrogatepass").decode("latin-1")


def iter_utf8(automaton, text: str, window=None):
    """(end, value) for every occurrence of every word (end: the index of its last character), in the
    order automaton.iter gives them over the text itself, for an automaton whose words went in
    through key(). It runs over the UTF-8 bytes seen as latin-1 characters: with hundreds of words a
    node of a str automaton has hundreds of branches and a byte node at most 256, which halves the
    scan (the phrase and typo tables). UTF-8 is self-synchronising, so a match always starts and ends
    on whole characters."""
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


def starts_pattern(words) -> re.Pattern:
    """A regex matching one character wherever one of the words starts, with the longest word
    starting there in group 1; matches one character long let a word that starts inside another be
    found too. It opens with the class of first characters and looks ahead for the class of second
    ones (unless a one-character word starts here), both tested in C; the words are read only where
    they fit.
    With a few dozen or a few hundred words this beats pyahocorasick, whose scan slows with the
    number of different first characters (163 dated terms: 17 against 42 ms on the seeds × 40)."""
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    second = "".join(sorted({re.escape(w[1]) for w in words if len(w) > 1}))
    single = "".join(sorted({re.escape(w) for w in words if len(w) == 1}))
    if not second:
        ahead = ""
    elif single:        # a one-character word needs no second character
        ahead = f"(?:(?<=[{single}])|(?=[{second}]))"
    else:
        ahead = f"(?=[{second}])"
    return re.compile(f"[{first}]{ahead}(?<=(?=({words_pattern(words)})).)", re.DOTALL)


def find_words(pattern: re.Pattern, prefixes: dict, text: str):
    """(start, word) for every occurrence of every word, overlapping ones included, as an automaton
    finds them (in order of start). pattern is starts_pattern(words); prefixes maps each word to the
    words it starts with (itself included): the shorter words that start at the same place."""
    for m in pattern.finditer(text):
        start = m.start()
        for word in prefixes[m.group(1)]:
            yield start, word


def prefix_table(words) -> dict:
    return {w: [p for p in words if w.startswith(p)] for w in words}
