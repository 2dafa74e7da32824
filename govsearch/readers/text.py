"""Plain text: bytes in, text out (UTF-16 with a BOM, UTF-8, GB18030 or Big5), line ends made ``\\n``.

GB18030 decodes almost any byte string, Big5 text included, into valid but wrong
characters. When the bytes decode both ways, the decoding whose Chinese characters
are the more common ones wins: common simplified characters (GB2312 level 1) and
common traditional ones (Big5 level 1) score, rare ones do not. Big5 read as GB18030
lands mostly on rare characters; GB text read as Big5 mostly fails or does the same.
"""

import codecs

from ..errors import ReadError

_SAMPLE = 65536


def decode(data, name="<bytes>"):
    """Decode text bytes: UTF-16 with a BOM, UTF-8 (BOM or not), else GB18030 or Big5, whichever reads better.

    Binary data is refused.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return lines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ReadError(f"{name}: damaged UTF-16 text") from None
    if b"\x00" in data[:_SAMPLE]:
        raise ReadError(f"{name}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _mostly_chinese(text):
            return lines(text)
        # a short GBK text can be valid UTF-8 by chance (一 is D2 BB, which UTF-8 reads as һ)
        other = decode_chinese(data)
        return lines(other if other and _mostly_chinese(other) and commonness(other) > 0.9 else text)
    text = decode_chinese(data)
    if text is None:
        raise ReadError(f"{name}: neither UTF-8, GB18030 nor Big5 text")
    return lines(text)


def decode_chinese(data, preferred="gb18030"):
    """``data`` decoded as GB18030 or Big5 (cp950), whichever gives more common characters; None if neither decodes."""
    candidates = []
    for encoding in dict.fromkeys((preferred, "gb18030", "cp950", "big5hkscs")):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append((commonness(text[:_SAMPLE]), encoding == preferred, text))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def _mostly_chinese(text):
    """True unless most non-ASCII characters of ``text`` are neither Chinese nor CJK punctuation."""
    wide = [c for c in text if c > "\x7f"]
    chinese = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or _punctuation(c))
    return not wide or chinese >= 0.5 * len(wide)


def commonness(text):
    """Share of the wide characters in ``text`` (punctuation aside) that are common Chinese ones (GB2312 or Big5 level 1)."""
    # every other wide character counts against: private-use and rare symbols are what a wrong guess gives
    wide = [c for c in text if c > "\x7f" and not _punctuation(c)]
    if not wide:
        return 0.0
    return sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" and _common(c)) / len(wide)


def _punctuation(char):
    return "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or char in "“”‘’…—·"


def _common(char):
    try:
        if 0xB0 <= char.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= char.encode("cp950")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def lines(text):
    """Windows and old Mac line ends made ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
