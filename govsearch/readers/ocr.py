"""OCR: scanned pages in, the same ``(text, pages, rows)`` as a text layer gives, through ``layout``.

Takes page images: the image-only pages of a PDF (rendered by pypdfium2 at
``DPI``, one page at a time) and image files (``IMAGE_SUFFIXES``; a multi-page
TIFF is one document, and so are images whose names differ by a page number,
``报告.p1.png``, ``报告_2.jpg``, ``报告（3）.png``: see ``page_group``). Reads them
with RapidOCR, whose PP-OCRv4 models ship inside the ``rapidocr-onnxruntime``
wheel (the optional extra ``govsearch[ocr]``): nothing is downloaded.

Each line the engine finds becomes a ``layout.Fragment`` (its box with the page's
skew taken out, its size measured on its width), so furniture, reading order and
paragraphs are cut by the same code as a text PDF's. Before the engine, red is
made light (a pixel's red channel stands for it), so that a seal over the text
costs the seal only; after it, lines without a character (dust read as
punctuation) are dropped.

What the engine saw on a page is cached under ``<index>/ocr-cache`` by the
file's digest, the page and ``key()`` (engine, version, the settings here), so
that a rebuild or an upgrade of govsearch never reads a page twice. The build
fills the cache a page a task (``todo``, ``warm``) before it reads the files.
"""

import hashlib
import json
import math
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from statistics import median

from ..errors import ReadError
from .layout import Fragment, Page, text_of

ENGINE = "rapidocr-onnxruntime"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
SCANNED_SUFFIXES = IMAGE_SUFFIXES | {".pdf"}  # files that may hold pages to read by OCR
DPI = 200  # scans are read at this resolution: PDF pages are rendered at it
MAX_PIXELS = 60_000_000  # an image larger than this (a 300 dpi A2 is 35 M) is refused: a decompression bomb
_LONGEST = 2 * DPI * 11.7  # px: a page is read no larger than an A4 page at twice DPI
MAX_PAGES = 500  # pages of one document read by OCR, unless --max-pages says otherwise
# lines are found on the page made this long at most (an A4 page at 137 dpi): half the
# engine's time at 2000 px, and lines as well found; they are read at full size
DETECT_SIDE = 1600
_SETTINGS = f"det{DETECT_SIDE}-full-nocls-red1"  # what changes the engine's output besides its version
CACHE = "ocr-cache"
_LEADING_DUST = re.compile(r"^[-.·'`,_~]+(?=[\u4e00-\u9fff])")  # a speck before a line's first character
_RED = 50  # a pixel whose red exceeds its green and blue by this much is seal ink, not text
_PAGE_NUMBERED = re.compile(
    r"^(?P<stem>.*?\D)(?:(?:[ ._\-]+(?:p|page)|第)\s*(?P<a>\d{1,4})\s*页?|[ ._\-](?P<b>\d{1,4})"
    r"|[（(](?P<c>\d{1,4})[）)])$",
    re.I)


@lru_cache(maxsize=1)
def available():
    """True when the OCR engine is installed."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def needed(what, it="it"):
    """The message for ``what`` (a file and why it needs OCR) when the engine is not installed."""
    if sys.version_info >= (3, 13):
        return (f"{what}: reading {it} needs OCR, whose engine ({ENGINE}) is not made for Python "
                f"{sys.version_info[0]}.{sys.version_info[1]} (it declares Python < 3.13), skipped")
    return f"{what}: reading {it} needs OCR: pip install 'govsearch[ocr]', skipped"


@lru_cache(maxsize=1)
def version():
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed(ENGINE)
    except PackageNotFoundError:
        return ""


def key():
    """What a cached page depends on: the engine, its version and the settings here."""
    return f"{ENGINE}-{version()}-{_SETTINGS}"


# -- the engine -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _engine():
    """RapidOCR, one per process, on one thread: the build runs a process per core.

    The angle classifier is off: it turned whole upright lines upside down.
    """
    try:
        import cv2
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise ReadError(needed("scanned pages")) from None
    cv2.setNumThreads(1)
    return RapidOCR(use_cls=False, rec_batch_num=1, print_verbose=False, intra_op_num_threads=1,
                    inter_op_num_threads=1)


def recognize(image):
    """``{"width", "height", "lines": [[quad, text, score]]}`` of a PIL image, as the engine reads it."""
    lines = [[[[round(float(x), 1), round(float(y), 1)] for x, y in quad], text, round(float(score), 4)]
             for quad, text, score in _lines(grey(image))]
    return {"width": image.width, "height": image.height, "lines": lines}


def grey(image):
    """A PIL image as a grey uint8 array in which red (a seal) is light and what is printed under it dark."""
    import numpy as np

    rgb = image.convert("RGB")
    red, green, blue = (np.asarray(band, dtype=np.int16) for band in rgb.split())
    seal = red - np.maximum(green, blue) > _RED
    grey = np.array(rgb.convert("L"))
    # seal ink is light in the red channel, text printed under it as dark as elsewhere
    grey[seal] = red[seal]
    return grey


def _lines(gray):
    """``[(quad, text, score)]`` of a grey page: lines found on it made smaller, read on it whole.

    Where the time went at 200 dpi, one A4 page of 41 lines on one thread (a shared,
    loaded machine): finding lines at the engine's 2000 px 2.4 s, at ``DETECT_SIDE``
    1.0 s; reading them 5.5–8 s in batches of 6 lines padded to the widest (of 16:
    25 s), 5.5 s a line at a time. The engine reads lines on the page it found them
    on; here they are cut from the page at full size, not from a smaller one whose
    12 pt characters, 23 px high, the recognizer would blow up to 48 px.
    """
    import cv2
    import numpy as np

    engine = _engine()
    page = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    height, width = gray.shape
    ratio = min(1.0, DETECT_SIDE / max(height, width))
    small = page if ratio == 1 else cv2.resize(page, (round(width * ratio), round(height * ratio)),
                                               interpolation=cv2.INTER_AREA)
    boxes, _ = engine.text_det(small)
    if boxes is None or not len(boxes):
        return []
    boxes = np.array(engine.sorted_boxes(boxes), dtype=np.float32) / ratio
    boxes[..., 0] = boxes[..., 0].clip(0, width - 1)
    boxes[..., 1] = boxes[..., 1].clip(0, height - 1)
    found, _ = engine.text_rec(engine.get_crop_img_list(page, boxes))
    return [(box.tolist(), text, score) for box, (text, score, *_) in zip(boxes, found)
            if text and score >= engine.text_score]


# -- the cache --------------------------------------------------------------------

def cache_path(cache_dir, digest, page):
    return Path(cache_dir) / key() / digest[:2] / f"{digest}-{page}.json"


def cached(cache_dir, digest, page):
    """The cached result of a page, or None."""
    if cache_dir is None or digest is None:
        return None
    try:
        return json.loads(cache_path(cache_dir, digest, page).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _keep(cache_dir, digest, page, result):
    if cache_dir is None or digest is None:
        return
    path = cache_path(cache_dir, digest, page)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written costs time only


def page_result(cache_dir, digest, page, image_of):
    """The engine's result for page ``page``: from the cache, else read from ``image_of()`` and cached."""
    result = cached(cache_dir, digest, page)
    if result is None:
        result = recognize(image_of())
        _keep(cache_dir, digest, page, result)
    return result


# -- lines into fragments -----------------------------------------------------------

def page_of(result, number):
    """``(Page, mean line score)`` of an engine's result: skew taken out, specks dropped."""
    lines = [(quad, _LEADING_DUST.sub("", text.strip()), score) for quad, text, score in result["lines"]
             if _is_text(text)]
    angle = _skew(lines)
    cos, sin = math.cos(angle), math.sin(angle)
    fragments = []
    for quad, text, _ in lines:
        points = [(x * cos + y * sin, y * cos - x * sin) for x, y in quad]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        size = _em(text, max(xs) - min(xs), (math.dist(quad[0], quad[3]) + math.dist(quad[1], quad[2])) / 2)
        middle = sum(ys) / 4
        fragments.append(Fragment(text, min(xs), max(xs), middle - size / 2, middle + size / 2, number,
                                  size=size, sized=True))
    _snap(fragments)
    score = sum(s for _, _, s in lines) / len(lines) if lines else 0.0
    return Page(number, result["height"], fragments), score


def _em(text, width, height):
    """A line's size as ``layout`` measures a text layer's (a loose character box, 1.3 em), from its width:
    Chinese characters are square, half-width ones half as wide. The engine's box heights
    vary by a fifth from line to line of one size, and grow less than the text does."""
    cells = sum(1 if ord(c) > 0x2e7f or "\u2010" <= c <= "\u206f" else 0.5 for c in text)  # “”…— are wide
    em = width / cells if cells >= 4 else height / 1.1
    return min(em, height) / 0.75


def _snap(fragments):
    """Sizes within 15 % of the page's usual one made equal to it: measured on a line's width they
    still vary by a tenth, which ``layout`` would take for a change of font (a 16 pt body
    against 22 pt titles is 37 %)."""
    if not fragments:
        return
    usual = median(f.size for f in fragments)
    for fragment in fragments:
        if abs(fragment.size - usual) < 0.15 * usual:
            middle = fragment.middle
            fragment.size, fragment.top, fragment.bottom = usual, middle - usual / 2, middle + usual / 2


def _is_text(text):
    """True for a line with a letter, digit or character in it: a line of dots and commas is dust."""
    return any(c.isalnum() for c in text)


def _skew(lines):
    """The page's rotation (radians, clockwise positive), the median slope of its long lines."""
    slopes = []
    for quad, _, _ in lines:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        height = math.dist(quad[0], quad[3])
        if x1 - x0 > 5 * max(height, 1):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return median(slopes) if slopes else 0.0


def text_of_results(results):
    """``(text, pages, rows, scores)`` of engine results, one a page: ``scores`` is ``((page, score), …)``."""
    pages, scores = [], []
    for number, result in enumerate(results, 1):
        page, score = page_of(result, number)
        pages.append(page)
        scores.append((number, round(score, 4)))
    text, starts, rows = text_of(pages)
    return text, starts, rows, tuple(scores)


# -- images ------------------------------------------------------------------------------

def page_group(path):
    """``(stem, page)`` of an image whose name ends in a page number (``报告.p2``, ``报告_2``, ``报告（2）``), else None."""
    path = Path(path)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    found = _PAGE_NUMBERED.match(path.stem)
    if not found:
        return None
    return found["stem"].rstrip(" ._-"), int(found["a"] or found["b"] or found["c"])


def pages_of(path):
    """The image files that are the pages of the document ``path`` belongs to, in page order (``path`` alone
    when its name has no page number): siblings in its folder with the same stem and a page number."""
    path = Path(path)
    group = page_group(path)
    if group is None:
        return [path]
    try:
        siblings = [p for p in path.parent.iterdir() if not p.name.startswith((".", "~$")) and p.is_file()]
    except OSError:
        return [path]
    numbered = [(page_group(p), p) for p in siblings]
    pages = sorted((g[1], p.name, p) for g, p in numbered if g is not None and g[0] == group[0])
    return [p for _, _, p in pages] or [path]


def documents(names):
    """Of the names of image files in one folder, those that stand for a document: each name without a
    page number, and the first page of each group (as ``pages_of`` orders them)."""
    firsts = {}
    for name in names:
        group = page_group(name)
        if group is not None and (group[1], name) < firsts.get(group[0], (math.inf, "")):
            firsts[group[0]] = (group[1], name)
    first = {name for _, name in firsts.values()}
    return {name for name in names if name in first or page_group(name) is None}


def open_image(data, name):
    """A PIL image of ``data``, its size checked against ``MAX_PIXELS`` before it is decoded."""
    import io

    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ReadError(f"{name}: empty file, skipped")
    Image.MAX_IMAGE_PIXELS = None  # checked here, with a message of our own
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:  # its message names Python's stream object, nothing a user can use
        raise ReadError(f"{name}: not a readable image (not a format Pillow knows), skipped") from None
    except (OSError, ValueError) as exc:
        raise ReadError(f"{name}: not a readable image ({_reason(exc)}), skipped") from None
    if image.width * image.height > MAX_PIXELS:
        raise ReadError(f"{name}: image of {image.width} × {image.height} pixels, over the limit of "
                        f"{MAX_PIXELS / 1e6:g} M pixels (a decompression bomb?), skipped")
    return image


def frame(image, index, name):
    """Frame ``index`` (from 0) of an opened image, decoded, at most twice ``DPI`` on A4; or a ``ReadError``."""
    try:
        image.seek(index)
        image.load()
    except (OSError, ValueError, EOFError) as exc:
        raise ReadError(f"{name}: not a readable image ({_reason(exc)}), skipped") from None
    return _sized(image)


def _sized(image):
    """A copy of ``image`` no larger than an A4 page at twice ``DPI`` (what the engine can use)."""
    scale = _LONGEST / max(image.width, image.height)
    if scale >= 1:
        return image.copy()
    return image.resize((round(image.width * scale), round(image.height * scale)))


def _reason(exc):
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def read_images(files, cache_dir=None, max_pages=None):
    """``(text, pages, rows, scores)`` of image files that are the pages of one document, in order.

    ``files`` are ``(name, bytes)`` pairs; a page is cached by its file's digest and its frame.
    """
    if not available():
        raise ReadError(needed(f"{files[0][0]}: an image"))
    opened = [(name, open_image(data, name), digest_of(data)) for name, data in files]
    check_pages(sum(getattr(image, "n_frames", 1) for _, image, _ in opened), files[0][0], max_pages)
    results = []
    for name, image, digest in opened:
        for index in range(getattr(image, "n_frames", 1)):
            results.append(page_result(cache_dir, digest, index + 1, lambda: frame(image, index, name)))
    return text_of_results(results)


# -- PDF pages ----------------------------------------------------------------------------

def render(pdf_page):
    """A PDF page as a PIL image at ``DPI``, or smaller where its longer side would pass that of an A4
    page at twice ``DPI`` (a poster-sized page)."""
    width, height = pdf_page.get_size()
    scale = min(DPI / 72, _LONGEST / max(1.0, width, height))
    return pdf_page.render(scale=scale).to_pil()


def scanned_pages(document, pages):
    """The numbers of the pages (``layout.Page``s of the open PDF ``document``) without text but with an
    image: scans."""
    return [page.number for page in pages
            if _is_scan(document, page.number, sum(len(f.text.strip()) for f in page.fragments))]


def _is_scan(document, number, chars):
    """True when page ``number`` has an image and fewer than 10 characters of text (``chars``: a number,
    or a function of the page giving it, called only for a page with an image)."""
    import pypdfium2.raw as raw

    page = document[number - 1]
    try:
        if not any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)):
            return False
        return (chars(page) if callable(chars) else chars) < 10
    finally:
        page.close()


def _text_chars(page):
    textpage = page.get_textpage()
    try:
        return len("".join(textpage.get_text_range().split()))
    finally:
        textpage.close()


def read_scans(document, pages, data, name, cache_dir=None, max_pages=None, problems=None):
    """Read the pages of ``pages`` that are scans by OCR, in place; ``((page, mean line score), …)`` of them.

    Without the engine, a PDF with text on other pages keeps them and says in
    ``problems`` (a list, when given) which pages it leaves out; a PDF that is all
    scans is a ``ReadError`` naming the extra.
    """
    scanned = scanned_pages(document, pages)
    if not scanned:
        return ()
    if not available():
        if len(scanned) == len(pages):
            raise ReadError(needed(f"{name}: a scan without a text layer"))
        if problems is not None:
            listed = ", ".join(map(str, scanned[:10])) + (", …" if len(scanned) > 10 else "")
            problems.append(needed(f"{name}: scanned page{'s' if len(scanned) > 1 else ''} {listed} left out",
                                   "them" if len(scanned) > 1 else "it").removesuffix(", skipped"))
        return ()
    check_pages(len(scanned), name, max_pages)
    digest, scores = digest_of(data), []
    for number in scanned:
        result = page_result(cache_dir, digest, number, lambda: render(document[number - 1]))
        page, score = page_of(result, number)
        pages[number - 1].fragments, pages[number - 1].height = page.fragments, page.height
        scores.append((number, round(score, 4)))
    return tuple(scores)


def check_pages(count, name, max_pages=None):
    """A ``ReadError`` when ``count`` pages to read by OCR are more than ``max_pages`` (``MAX_PAGES``)."""
    limit = MAX_PAGES if max_pages is None else max_pages
    if count > limit:
        raise ReadError(f"{name}: {count} pages to read by OCR, over the limit of {limit} "
                        "(raise it with --max-pages), skipped")


def digest_of(data):
    return hashlib.sha256(data).hexdigest()


# -- the build's pool: a page a task ---------------------------------------------------------

def todo(path, cache_dir, max_pages=None):
    """``[(path, page)]``: the pages of the file ``path`` (a PDF, or an image and its sibling pages) to read
    by OCR that ``cache_dir`` lacks. [] when there are none, or when the file cannot be read: reading it
    says why."""
    try:
        if Path(path).suffix.lower() == ".pdf":
            return _pdf_todo(path, cache_dir, max_pages)
        if Path(path).suffix.lower() in IMAGE_SUFFIXES:
            return _image_todo(path, cache_dir, max_pages)
    except (ReadError, OSError, ValueError):
        pass
    return []


def _pdf_todo(path, cache_dir, max_pages):
    import pypdfium2 as pdfium

    data = Path(path).read_bytes()
    digest = digest_of(data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        scanned = [n for n in range(1, len(document) + 1) if _is_scan(document, n, _text_chars)]
    finally:
        document.close()
    check_pages(len(scanned), path, max_pages)
    return [(str(path), n) for n in scanned if cached(cache_dir, digest, n) is None]


def _image_todo(path, cache_dir, max_pages):
    found, total = [], 0
    for page in pages_of(path):
        data = page.read_bytes()
        count = getattr(open_image(data, str(page)), "n_frames", 1)
        total += count
        digest = digest_of(data)
        found += [(str(page), n) for n in range(1, count + 1) if cached(cache_dir, digest, n) is None]
    check_pages(total, path, max_pages)
    return found


def warm(task):
    """Read one page (``(path, page, cache_dir)``) by OCR into the cache; gives ``("ocr", path, page)``.

    A page that cannot be read is left: reading its file reports why.
    """
    path, number, cache_dir = task
    try:
        data = Path(path).read_bytes()
        digest = digest_of(data)
        if Path(path).suffix.lower() == ".pdf":
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(data)
            try:
                page_result(cache_dir, digest, number, lambda: render(document[number - 1]))
            finally:
                document.close()
        else:
            image = open_image(data, path)
            page_result(cache_dir, digest, number, lambda: frame(image, number - 1, path))
    except Exception:  # noqa: BLE001 - whatever went wrong, reading the file reports it
        pass
    return "ocr", path, number
