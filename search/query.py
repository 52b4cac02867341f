"""The query as searched: cleaned of control characters, at most MAX_QUERY_LENGTH.

A query with kana or kanji is Japanese (engine.py then matches substrings); the words
of the substring search are its runs of letters and digits.
"""

import re

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10  # the fallback's words; more would only make a longer WHERE clause
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Kana, kanji (and their iteration marks), half-width katakana: a query with any of them
# is Japanese, searched by substring.
_JAPANESE = re.compile(
    "[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)


def clean_query(raw):
    """The query as searched, and whether it had to be shortened.

    Control characters become spaces, runs of whitespace one space; a query longer than
    ``MAX_QUERY_LENGTH`` is cut at the last whole word that fits.
    """
    query = " ".join(_CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if len(query) <= MAX_QUERY_LENGTH:
        return query, False
    cut = query[: MAX_QUERY_LENGTH + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return cut[:MAX_QUERY_LENGTH].strip(), True


def is_japanese(query):
    """Whether ``query`` has Japanese characters (kana or kanji)."""
    return bool(_JAPANESE.search(query))


def query_words(query):
    """The words the fallback looks for: letters and digits, at most ``MAX_WORDS``.

    Japanese has no spaces between its words: a run of kana and kanji is one "word",
    matched as a substring (「ベトナム」 in 「ベトナム社会主義共和国」)."""
    words = list(dict.fromkeys(word.lower() for word in re.findall(r"\w+", query)))
    return words[:MAX_WORDS]
