"""The reading room in a real browser (headless chromium): from a hit to its place in the whole document,
to the original PDF at its page, and a server that asks for its token.

The collection is ``test_web_reading.make_collection``'s: a seed report, a PDF of
several pages in two sections, an HTML page, a zip.
"""

import urllib.request
from urllib.parse import quote, urlsplit

import pytest
from conftest import build
from test_web_reading import PDF_TERM
from test_web_reading import collection as indexed  # noqa: F401 (the same collection, indexed once a module)
from webharness import chrome  # noqa: F401

import govsearch
from govsearch.web import start


@pytest.fixture(scope="module")
def opened(indexed):
    with govsearch.Index(indexed[1]) as ix:
        yield ix


def running(ix, **options):
    class Running:
        def __enter__(self):
            self.server = start(ix, "127.0.0.1", 0, **options)
            return self.server.url

        def __exit__(self, *exc):
            self.server.shutdown()
            self.server.server_close()
    return Running()


def by_css(driver, selector):
    from selenium.webdriver.common.by import By
    return driver.find_elements(By.CSS_SELECTOR, selector)


def in_view(driver, element):
    return driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                 "return r.top >= 0 && r.bottom <= window.innerHeight;", element)


def test_from_a_hit_to_its_place_in_the_document_highlighted_and_scrolled_to(chrome, opened):
    hit = opened.search(PDF_TERM, limit=20).hits[-1]  # a late passage: the page must scroll to it
    doc, _, position = hit.id.rpartition("-")
    with running(opened) as url:
        chrome.get(f"{url}/?q={quote(PDF_TERM)}")
        [a for a in by_css(chrome, ".hit .id") if a.text == hit.id][0].click()
        by_css(chrome, "#in-document")[0].click()
        assert urlsplit(chrome.current_url).path == f"/document/{doc}"
        assert urlsplit(chrome.current_url).fragment == f"p-{position}"
        target = by_css(chrome, f"#p-{position}")[0]
        other = by_css(chrome, "#p-0000")[0]
        assert target.value_of_css_property("background-color") == "rgba(255, 247, 214, 1)"
        assert other.value_of_css_property("background-color") == "rgba(0, 0, 0, 0)"
        assert in_view(chrome, target) and not in_view(chrome, other)
        assert {m.text for m in by_css(chrome, f"#p-{position} mark")} == {PDF_TERM}
        assert chrome.execute_script("return document.scripts.length") == 0


def test_the_original_pdf_link_opens_at_its_page(chrome, opened, indexed):
    hit = [h for h in opened.search(PDF_TERM, limit=20).hits if h.tags["page"] == 2][0]
    doc = hit.id.rpartition("-")[0]
    with running(opened) as url:
        chrome.get(f"{url}/passage/{hit.id}")
        link = by_css(chrome, "#original")[0]
        assert link.text == "open the original at page 2"
        assert link.get_attribute("href") == f"{url}/file/{doc}#page=2"
        with urllib.request.urlopen(link.get_attribute("href").split("#")[0], timeout=10) as answer:
            served, kind = answer.read(), answer.headers["Content-Type"]
    assert served == (indexed[0] / "report.pdf").read_bytes() and kind == "application/pdf"


def test_a_token_is_asked_once_then_kept_by_the_cookie(chrome, opened):
    with running(opened, token="t0ken") as url:
        chrome.delete_all_cookies()
        chrome.get(f"{url}/?q={quote(PDF_TERM)}")
        assert by_css(chrome, "#message")[0].text.startswith("this server needs its token")
        chrome.get(f"{url}/?token=t0ken")
        assert chrome.current_url == f"{url}/"  # the token left the address bar
        chrome.get(f"{url}/?q={quote(PDF_TERM)}")
        assert int(by_css(chrome, "#count strong")[0].text) == 8
        chrome.delete_all_cookies()
    with running(opened) as url:  # without a token nothing is asked
        chrome.get(f"{url}/?q={quote(PDF_TERM)}")
        assert int(by_css(chrome, "#count strong")[0].text) == 8


def test_a_search_in_a_loop_during_an_update_never_fails_and_shows_the_new_report_at_once(chrome, tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT, SEEDS

    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    build(tmp_path / "ix", [folder])
    (folder / "江西.txt").write_text("江西省政府工作报告\n\n江西省大力发展低空经济。\n\n江西省推进乡村振兴。",
                                     encoding="utf-8")
    with govsearch.Index(tmp_path / "ix") as ix, running(ix) as url:
        writer = subprocess.Popen([sys.executable, "-m", "govsearch", "--index", str(tmp_path / "ix"), "index",
                                   str(folder)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen = []
        while writer.poll() is None:
            chrome.get(f"{url}/?q={quote('江西省')}")
            seen.append(by_css(chrome, "#count strong")[0].text)
        assert writer.wait() == 0
        chrome.get(f"{url}/?q={quote('江西省')}")
        after = by_css(chrome, "#count strong")[0].text
    with govsearch.Index(tmp_path / "ix") as updated:
        expected = str(sum("江西省" in p.text for p in updated.passages()))
    assert expected != "0"
    assert seen and set(seen) <= {"0", expected} and seen[0] == "0"  # every page answered, from one generation
    assert after == expected
