"""Characters: traditional Chinese text in, simplified out (OpenCC ``t2s``).

The bottom of the pipeline: the splitter and the tagger read headings and
meeting lines in simplified characters, and ``analysis`` folds every character
with the same converter, so that 營商環境 and 营商环境 match.
"""

from functools import lru_cache


@lru_cache(maxsize=1)
def converter():
    """OpenCC's traditional → simplified converter, loaded once per process."""
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text):
    """``text`` in simplified characters, converted phrase by phrase (for reading tags, not matching)."""
    return converter().convert(text)
