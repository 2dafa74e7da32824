#!/usr/bin/env python3
"""Compare PDF text libraries on one PDF: time to extract every page's text, and what they extract.

    scripts/compare_pdf_libs.py FILE.pdf [--repeat 3]

For pypdfium2 (PDFium, what govsearch uses), pdfplumber (pdfminer.six) and pypdf:
the median time, the number of Chinese characters, of private-use/replacement
characters (junk), and the share of the Chinese characters of pypdfium2's text
that each one's text holds in the same order (difflib ratio over characters).
"""

import argparse
import difflib
import statistics
import time


def pdfium_text(path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def plumber_text(path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdf_text(path):
    import pypdf

    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def han(text):
    return "".join(c for c in text if "\u4e00" <= c <= "\u9fff")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for name, extract in (("pypdfium2", pdfium_text), ("pdfplumber", plumber_text), ("pypdf", pypdf_text)):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            text = extract(args.pdf)
            times.append(time.perf_counter() - started)
        results[name] = (statistics.median(times), text)
    reference = han(results["pypdfium2"][1])
    for name, (seconds, text) in results.items():
        junk = sum(1 for c in text if "\ue000" <= c <= "\uf8ff" or c == "\ufffd") + text.count("(cid:")
        same = difflib.SequenceMatcher(None, reference, han(text), autojunk=False).ratio() if len(reference) < 60000 else float("nan")
        print(f"{name:11} {seconds:7.3f} s  {len(han(text)):6} Chinese characters  {junk:4} junk  "
              f"{same:.4f} same as pypdfium2's")


if __name__ == "__main__":
    main()
