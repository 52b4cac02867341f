"""core.text.render_markdown keeps the HTML of short texts it rendered lately, and no more:
the cache holds at most MARKDOWN_CACHED_TEXTS texts of MARKDOWN_CACHED_CHARS characters,
whatever editors write."""

from core import text


def test_a_short_text_is_rendered_once_then_reused():
    text._render_markdown_cached.cache_clear()
    first = text.render_markdown("*Coral* reefs.")
    assert text.render_markdown("*Coral* reefs.") == first == "<p><em>Coral</em> reefs.</p>"
    info = text._render_markdown_cached.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)


def test_a_long_text_is_rendered_each_time_and_never_kept():
    text._render_markdown_cached.cache_clear()
    long = " ".join(["word"] * (text.MARKDOWN_CACHED_CHARS // 5 + 1))
    assert text.render_markdown(long) == text.render_markdown(long) == f"<p>{long}</p>"
    assert text._render_markdown_cached.cache_info().currsize == 0


def test_the_cache_holds_a_bounded_number_of_texts():
    text._render_markdown_cached.cache_clear()
    for n in range(text.MARKDOWN_CACHED_TEXTS + 50):
        text.render_markdown(f"Meeting {n}.")
    assert text._render_markdown_cached.cache_info().currsize == text.MARKDOWN_CACHED_TEXTS
