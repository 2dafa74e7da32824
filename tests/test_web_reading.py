"""The web page as a reading room (issue #23): it follows the index, reads whole documents, serves originals
safely, shows sources relative to the collection, and asks for a token when told to.

Collections are made here: a copy of a seed report, a two-section PDF of several
pages (``pdf_fixtures.report``), an HTML page holding a script, and a zip with a
member, under one folder given to ``index``.
"""

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from conftest import ROOT, ZHONGLOU, build
from pdf_fixtures import paragraph, report

import govsearch
from govsearch import storage
from govsearch.cli import cli
from govsearch.web import start
from govsearch.web.app import App

PDF_TERM = "低空经济"
HTML_TERM = "营商环境建设"
ZIP_TERM = "国际科技创新中心"


def make_collection(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2024").mkdir()
    (folder / "2024" / "钟楼.txt").write_bytes(ZHONGLOU.read_bytes())
    items = [("heading", "一、过去一年工作回顾")] + [("para", paragraph(n)) for n in range(12)]
    items += [("heading", "二、今年工作安排")]
    items += [("para", f"大力发展{PDF_TERM}，打造示范区。" + paragraph(20 + n)) for n in range(8)]
    report(folder / "report.pdf", items)
    (folder / "page.html").write_text(
        f"<html><head><title>某区政府</title></head><body><h1>某区政府工作报告</h1>"
        f"<p>大力推进{HTML_TERM}，着力优化营商环境。</p><script>document.title='pwned'</script></body></html>",
        encoding="utf-8")
    with zipfile.ZipFile(folder / "arch.zip", "w") as archive:
        archive.writestr("2024/北京.txt", f"北京市政府工作报告\n\n推动人工智能产业发展，建设{ZIP_TERM}。")
    return folder


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """``(collection folder, index path)``: the collection indexed once, not to be changed by tests."""
    folder = make_collection(tmp_path_factory.mktemp("reading") / "reports")
    index = tmp_path_factory.mktemp("reading-index")
    build(index, [folder])
    return folder, index


@pytest.fixture(scope="module")
def app(collection):
    with govsearch.Index(collection[1]) as ix:
        yield App(ix)


def body(response):
    return response.body if isinstance(response.body, bytes) else b"".join(response.body)


def first_hit(app, q):
    return json.loads(body(app("/api/search", f"q={quote(q)}")))["hits"][0]


def doc_of(passage_id):
    return passage_id.rpartition("-")[0]


# leases: pruning and readers agree

def test_a_leased_generation_is_not_pruned_until_released(tmp_path):
    old = tmp_path / "gen-000001"
    old.mkdir()
    (old / "data").write_text("x")
    fd = storage.lease(old)
    assert storage.remove_unread(old) is False
    assert (old / "data").exists()
    os.close(fd)
    assert storage.remove_unread(old) is True
    assert not old.exists()


def test_an_open_index_keeps_its_generation_through_two_updates(tmp_path, seeds_copy):
    build(tmp_path, [seeds_copy])
    with govsearch.Index(tmp_path) as reader:
        first = reader._generation.folder
        for n in range(2):
            (seeds_copy / f"new{n}.txt").write_text(f"第{n}份报告：大力推进{PDF_TERM}。", encoding="utf-8")
            with govsearch.Index(tmp_path) as writer:
                writer.update([seeds_copy])
        assert first.is_dir()  # two generations on: pruned but for its lease
        assert reader.search(PDF_TERM).total == 0  # answers from what it opened
        assert reader.refresh() is True and reader.refresh() is False
        assert reader.search(PDF_TERM).total == 2
        assert reader.passage(reader.search("发展").hits[0].id).text  # the new generation reads whole
    with govsearch.Index(tmp_path) as writer:
        writer.update([seeds_copy])  # the next writer removes what is no longer read
    assert not first.exists()


def test_a_streamed_export_keeps_reading_the_generation_it_started_in(tmp_path, seeds_copy):
    build(tmp_path, [seeds_copy])
    with govsearch.Index(tmp_path) as reader:
        expected = [h.id for h in reader.iter_hits("发展")]
        hits = reader.iter_hits("发展")
        started = next(hits).id
        (seeds_copy / "new.txt").write_text("新的报告：推动高质量发展。", encoding="utf-8")
        for _ in range(2):
            with govsearch.Index(tmp_path) as writer:
                writer.update([seeds_copy], rebuild=True)
        reader.refresh()
        assert [started] + [h.id for h in hits] == expected
        assert len(list(reader.iter_hits("发展"))) == len(expected) + 1


# the server follows the index

def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_a_search_loop_during_an_update_never_fails_and_finds_the_new_report_at_once(tmp_path, seeds_copy):
    build(tmp_path, [seeds_copy])
    new = tmp_path.parent / "added"
    new.mkdir()
    (new / "江西.txt").write_text("江西省政府工作报告\n\n江西省大力发展低空经济，建设航空产业集群。\n\n江西省推进乡村振兴。",
                                  encoding="utf-8")
    with govsearch.Index(tmp_path) as ix:
        server = start(ix)
        try:
            url = f"{server.url}/api/search?q={quote('江西省')}"
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            writer = subprocess.Popen([sys.executable, "-m", "govsearch", "--index", str(tmp_path), "index",
                                       str(seeds_copy), str(new)], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
            answers = []
            while writer.poll() is None:
                status, data, _ = get(url)
                answers.append((status, json.loads(data)["total"]))
            assert writer.wait() == 0, writer.stderr.read()
            status, data, _ = get(url)
        finally:
            server.shutdown()
            server.server_close()
    assert {s for s, _ in answers} <= {200}
    assert {t for _, t in answers} <= {0, 2}  # nothing half-made: before, or all of it
    assert answers and answers[0][1] == 0
    assert (status, json.loads(data)["total"]) == (200, 2)


# the whole document

def test_a_document_shows_its_passages_in_order_under_sections_with_pages_and_matches(app):
    hit = first_hit(app, PDF_TERM)
    doc = doc_of(hit["id"])
    page = body(app(f"/document/{doc}", f"q={quote(PDF_TERM)}")).decode()
    anchors = [int(a) for a in __import__("re").findall(r'class="para" id="p-(\d{4})"', page)]
    assert anchors == list(range(20))
    assert page.index("一、过去一年工作回顾") < page.index('id="p-0000"') < page.index("二、今年工作安排") \
        < page.index('id="p-0012"')
    assert page.count(f"<mark>{PDF_TERM}</mark>") == 8
    assert f'<a href="/file/{doc}#page=2">p. 2</a>' in page
    assert '<a id="original" href="/file/%s">report.pdf</a>' % doc in page
    assert body(app(f"/document/{doc}")).decode().count("<mark>") == 0


def test_a_passage_links_to_its_place_in_the_document_and_its_page_of_the_original(app):
    hit = first_hit(app, PDF_TERM)
    doc, _, position = hit["id"].rpartition("-")
    page = body(app(f"/passage/{hit['id']}", f"q={quote(PDF_TERM)}")).decode()
    assert f'href="/document/{doc}?q={quote(PDF_TERM)}#p-{position}"' in page
    assert f'href="/file/{doc}#page={hit["page"]}"' in page
    assert f"<mark>{PDF_TERM}</mark>" in page
    assert '<input type="search" name="q" value="%s"' % PDF_TERM in page


def test_an_unknown_document_is_a_404(app):
    assert app("/document/000000000000").status == 404
    assert app("/file/000000000000").status == 404


# originals

def test_a_pdf_is_served_inline_as_it_was_indexed(app, collection):
    doc = doc_of(first_hit(app, PDF_TERM)["id"])
    answer = app(f"/file/{doc}")
    headers = dict(answer.all_headers())
    assert answer.status == 200
    assert body(answer) == (collection[0] / "report.pdf").read_bytes()
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith('inline; filename="report.pdf"')
    assert headers["Content-Security-Policy"].startswith("sandbox;")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_html_is_an_attachment_never_a_page_of_this_origin(app, collection):
    doc = doc_of(first_hit(app, HTML_TERM)["id"])
    answer = app(f"/file/{doc}")
    headers = dict(answer.all_headers())
    assert body(answer) == (collection[0] / "page.html").read_bytes()
    assert headers["Content-Disposition"].startswith('attachment; filename="page.html"')
    assert "sandbox" in headers["Content-Security-Policy"]


def test_a_zip_member_is_read_from_its_archive_under_its_own_name(app):
    hit = first_hit(app, ZIP_TERM)
    assert hit["source"] == "arch.zip/2024/北京.txt"
    answer = app(f"/file/{doc_of(hit['id'])}")
    assert ZIP_TERM in body(answer).decode("utf-8")
    assert dict(answer.all_headers())["Content-Disposition"] == (
        "attachment; filename=\"__.txt\"; filename*=UTF-8''%E5%8C%97%E4%BA%AC.txt")


def test_sources_are_relative_to_the_collection_in_the_page_and_the_api(app, collection, runner):
    hit = first_hit(app, "钟楼")
    assert hit["source"] == "2024/钟楼.txt"
    page = body(app(f"/passage/{hit['id']}")).decode()
    assert '<dd class="source">2024/钟楼.txt</dd>' in page and str(collection[0]) not in page
    printed = runner.invoke(cli, ["--index", str(collection[1]), "show", hit["id"], "--json"])
    assert json.loads(printed.output)["source"] == str(collection[0] / "2024" / "钟楼.txt")


def test_a_file_named_directly_shows_its_name(tmp_path):
    folder = make_collection(tmp_path / "reports")
    build(tmp_path / "ix", [folder / "page.html"])
    with govsearch.Index(tmp_path / "ix") as ix:
        assert first_hit(App(ix), HTML_TERM)["source"] == "page.html"


@pytest.mark.parametrize("change, message", [
    ("edit", "page.html has changed since it was indexed"),
    ("remove", "page.html is no longer where it was indexed"),
    ("symlink out", "page.html now leads outside its collection"),
])
def test_an_original_changed_since_indexing_is_not_served(tmp_path, change, message):
    folder = make_collection(tmp_path / "reports")
    outside = tmp_path / "secret.txt"
    outside.write_bytes((folder / "page.html").read_bytes())  # the same bytes: only the symlink check stops it
    build(tmp_path / "ix", [folder])
    target = folder / "page.html"
    if change == "edit":
        target.write_text("changed", encoding="utf-8")
    elif change == "remove":
        target.unlink()
    else:
        target.unlink()
        target.symlink_to(outside)
    with govsearch.Index(tmp_path / "ix") as ix:
        app = App(ix)
        answer = app(f"/file/{doc_of(first_hit(app, HTML_TERM)['id'])}")
    assert answer.status == 409
    assert message in body(answer).decode()
    assert b"pwned" not in body(answer)


@pytest.mark.parametrize("path", [
    "/file/../../../etc/passwd", "/file/%2e%2e/%2e%2e/etc/passwd", "/file/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/file//etc/passwd", "/file/%2Fetc%2Fpasswd", "/file/..%2F..%2Freports%2Fpage.html", "/file/",
    "/file/report.pdf", "/file/%00", "/document/../file/x", "/file/page.html/../../secret.txt",
])
def test_no_path_a_request_names_is_ever_served(app, path):
    answer = app(path)
    assert answer.status == 404
    assert b"root:" not in body(answer) and b"<html><head><title>" not in body(answer)


def test_no_files_turns_originals_off(collection):
    with govsearch.Index(collection[1]) as ix:
        app = App(ix, files=False)
        hit = first_hit(app, PDF_TERM)
        assert app(f"/file/{doc_of(hit['id'])}").status == 404
        assert "/file/" not in body(app(f"/passage/{hit['id']}")).decode()
        assert "/file/" not in body(app(f"/document/{doc_of(hit['id'])}")).decode()


def test_only_the_sources_of_indexed_documents_are_served_over_http(collection, tmp_path):
    """Every request a path-walking client could make: only the four indexed files' bytes ever come back."""
    folder, index = collection
    indexed = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    indexed.add(hashlib.sha256(b"\xef\xbb\xbf").hexdigest())
    paths = ["/file/" + p for p in ("../" * 6 + "etc/passwd", "%2e%2e%2f" * 6 + "etc%2fpasswd",
                                    str(folder / "page.html"), quote(str(folder / "page.html"), safe=""))]
    with govsearch.Index(index) as ix:
        server = start(ix)
        try:
            answers = [get(server.url + p) for p in paths]
            raw = [_raw_get(server, p) for p in ("/file/../../../../etc/passwd", "/file/..\\..\\etc\\passwd")]
        finally:
            server.shutdown()
            server.server_close()
    assert [a[0] for a in answers] == [404] * len(paths)
    assert all(b"root:" not in r for r in raw) and all(r.startswith(b"HTTP/1.0 404") for r in raw)


def _raw_get(server, path):
    """A request line sent as is (urllib would normalize ``..``)."""
    import socket
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
        return b"".join(iter(lambda: sock.recv(65536), b""))


# sharing on a network

def test_a_token_is_required_as_a_cookie_or_a_bearer_header(collection):
    with govsearch.Index(collection[1]) as ix:
        server = start(ix, token="s3cret")
        try:
            url = f"{server.url}/api/search?q={quote(PDF_TERM)}"
            refused = get(url)
            wrong = get(url, {"Authorization": "Bearer nope"})
            bearer = get(url, {"Authorization": "Bearer s3cret"})
            opener = urllib.request.build_opener(NoRedirect)
            try:
                opener.open(f"{server.url}/?token=s3cret", timeout=10)
            except urllib.error.HTTPError as exc:
                setting = exc.code, dict(exc.headers)
            cookie = setting[1]["Set-Cookie"].split(";")[0]
            with_cookie = get(url, {"Cookie": cookie})
            page = get(server.url + "/", {"Cookie": "govsearch_token=nope"})
        finally:
            server.shutdown()
            server.server_close()
    assert refused[0] == 401 and json.loads(refused[1])["error"].startswith("this server needs its token")
    assert wrong[0] == 401 and page[0] == 401
    assert bearer[0] == 200 and json.loads(bearer[1])["total"] == 8
    assert setting[0] == 303 and setting[1]["Location"] == "/"
    assert "HttpOnly" in setting[1]["Set-Cookie"] and "SameSite=Strict" in setting[1]["Set-Cookie"]
    assert with_cookie[0] == 200


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_without_a_token_nothing_is_asked(collection):
    with govsearch.Index(collection[1]) as ix:
        assert App(ix)("/api/search", f"q={quote(PDF_TERM)}").status == 200


def test_serve_on_all_addresses_warns_and_takes_the_token_from_the_environment(collection):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GOVSEARCH_TOKEN": "fromenv"}
    process = subprocess.Popen([sys.executable, "-m", "govsearch", "--index", str(collection[1]), "serve",
                                "--host", "0.0.0.0", "--port", "0"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = process.stdout.readline().strip()
        port = line.rsplit(":", 1)[1]
        assert get(f"http://127.0.0.1:{port}/")[0] == 401
        assert get(f"http://127.0.0.1:{port}/", {"Authorization": "Bearer fromenv"})[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    warning = process.stderr.readline()
    assert warning.startswith("warning: listening on 0.0.0.0: anyone who can reach this machine can read")


# small things

def test_compare_by_year_alone_draws_the_line_not_a_heat_map(app):
    page = body(app("/compare", f"q={quote('发展')}&by=year")).decode()
    assert 'id="years"' in page and 'id="heatmap"' not in page
    other = body(app("/compare", f"q={quote('发展')}&by=district")).decode()
    assert 'id="heatmap"' in other


def test_the_header_box_holds_the_query_of_the_page(app):
    for path, query in (("/compare", f"q={quote('发展')}&by=year"), ("/", f"q={quote('发展')}")):
        page = body(app(path, query)).decode()
        assert '<input type="search" name="q" value="发展" placeholder="营商环境" aria-label="query"' in page


def test_a_report_of_page_images_serves_the_image_of_the_page_asked(tmp_path):
    from govsearch.api import Origin
    from govsearch.errors import NotFound
    from govsearch.readers import digest
    from govsearch.web import files
    for n in (1, 2, 3):
        (tmp_path / f"scan.p{n}.png").write_bytes(f"page {n}".encode())
    first = str(tmp_path / "scan.p1.png")
    origin = Origin(first, first, "", digest(first), "scan.p1.png", str(tmp_path))
    second = files.pick([origin], 2)
    assert (second.file, second.relative) == (str(tmp_path / "scan.p2.png"), "scan.p2.png")
    assert files.read(second).data == b"page 2" and files.read(second).content_type == "image/png"
    assert files.pick([origin], 0) is origin
    with pytest.raises(NotFound, match="this document has 3 pages, not 4"):
        files.pick([origin], 4)
    (tmp_path / "scan.p3.png").write_bytes(b"another page 3")  # one page changed: the document has
    with pytest.raises(files.Changed, match="has changed since it was indexed"):
        files.read(second)
    pdf = str(tmp_path / "a.pdf")
    Path(pdf).write_bytes(b"%PDF")
    copy = Origin(pdf, pdf, "", digest(pdf), "a.pdf", str(tmp_path))
    assert files.pick([copy], 2) is copy  # a PDF: its viewer turns to the page (#page=N)


def test_a_hostile_document_reaches_its_page_as_text():
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from fakeindex import HOSTILE, FakeIndex
    from test_web import Tree

    ix = FakeIndex()
    hostile = [p for p in ix.passages_list if p.text == HOSTILE][0]
    doc = hostile.id.rpartition("-")[0]
    tree = Tree(body(App(ix)(f"/document/{doc}", "q=营商环境")).decode())
    paragraph, = [e for e in tree.find("p", cls="para") if e["id"] == "p-0001"]
    assert paragraph["text"].strip().removesuffix("¶").strip() == HOSTILE
    assert set(paragraph["inside"]) == {"mark", "a"}
    assert tree.find("script") == [] and tree.find("img") == []


def test_a_streamed_answer_takes_the_index_a_batch_at_a_time():
    from govsearch.web import server as server_mod

    class Counted:
        def __init__(self):
            self.turns = 0
            self.lock = threading.RLock()

        def __enter__(self):
            self.turns += 1
            return self.lock.__enter__()

        def __exit__(self, *exc):
            return self.lock.__exit__(*exc)

    class Source:
        def rows(self, n):
            return (i for i in range(n))

    locked = server_mod.LockedIndex(Source())
    locked._lock = Counted()
    n = server_mod.STEPS_A_TURN * 2 + 50
    assert list(locked.rows(n)) == list(range(n))
    assert locked._lock.turns == 1 + 3  # the call, then three batches


def test_an_export_asks_the_index_for_its_sources_once(collection):
    with govsearch.Index(collection[1]) as ix:
        asked = []
        collection_of = ix.collection
        ix.collection = lambda: asked.append(1) or collection_of()
        text = body(App(ix)("/export.csv", f"q={quote('发展')}")).decode("utf-8-sig")
        expected = [hit.id for hit in ix.iter_hits("发展")]
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == expected and asked == [1]
    assert {r["source"] for r in rows} == {"2024/钟楼.txt", "arch.zip/2024/北京.txt", "report.pdf"}


def test_opening_a_generation_a_writer_is_removing_says_the_index_is_changing(tmp_path, seeds_copy):
    import fcntl

    from govsearch.errors import IndexChanging
    build(tmp_path, [seeds_copy])
    with open(storage.live(tmp_path) / storage.READERS, "rb") as readers:
        fcntl.flock(readers, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as remove_unread holds it while removing
        with pytest.raises(IndexChanging, match="kept changing while being opened"):
            govsearch.Index(tmp_path)
    with govsearch.Index(tmp_path) as ix:
        assert ix.search("发展").total


def test_a_document_of_several_sources_links_its_first_and_lists_the_others():
    from govsearch.api import Origin
    from govsearch.web import pages
    from test_web import Tree

    passage = {"id": "abc-0000", "source": "a/报告.pdf", "title": "报告", "section": "", "page": 1, "format": "pdf",
               "text": "正文", "matches": [], "district": "", "speaker": ""}
    copies = [Origin(f"/c/{d}/报告.pdf", f"/c/{d}/报告.pdf", "", "x", f"{d}/报告.pdf", "/c") for d in ("a", "b")]
    tree = Tree(pages.document_page("abc", [passage], copies))
    shown = [(e["text"], [a["href"] for a in tree.find("a") if a["text"] == e["text"]])
             for e in tree.find("dd", cls="source")]
    assert shown == [("a/报告.pdf", ["/file/abc"]), ("b/报告.pdf", [])]


@pytest.mark.parametrize("token", ["s3cret", "a b;c=d,\"e\"", "令牌"])
def test_the_cookie_carries_any_token(collection, token):
    with govsearch.Index(collection[1]) as ix:
        app = App(ix, token=token)
        setting = app("/", "token=" + quote(token))
        cookie = dict(setting.all_headers())["Set-Cookie"].split("; Path=")[0]
        assert setting.status == 303
        assert app("/api/search", f"q={quote(PDF_TERM)}", {"Cookie": cookie}).status == 200
        assert app("/api/search", f"q={quote(PDF_TERM)}", {"Cookie": cookie + "x"}).status == 401


def test_a_copy_removed_since_indexing_leaves_the_next_copy_served(tmp_path):
    folder = make_collection(tmp_path / "reports")
    (folder / "z-copy").mkdir()
    (folder / "z-copy" / "page.html").write_bytes((folder / "page.html").read_bytes())
    build(tmp_path / "ix", [folder])
    (folder / "page.html").unlink()
    with govsearch.Index(tmp_path / "ix") as ix:
        app = App(ix)
        answer = app(f"/file/{doc_of(first_hit(app, HTML_TERM)['id'])}")
    assert (answer.status, body(answer)) == (200, (folder / "z-copy" / "page.html").read_bytes())


def test_a_link_to_any_page_with_the_token_sets_it_and_keeps_the_rest_of_the_address(collection):
    with govsearch.Index(collection[1]) as ix:
        app = App(ix, token="s3cret")
        passage = first_hit(App(ix), PDF_TERM)["id"]
        setting = app(f"/passage/{passage}", f"token=s3cret&q={quote(PDF_TERM)}")
        headers = dict(setting.all_headers())
        wrong = app(f"/passage/{passage}", "token=nope")
        assert (setting.status, headers["Location"]) == (303, f"/passage/{passage}?q={quote(PDF_TERM)}")
        assert app(f"/passage/{passage}", "", {"Cookie": headers["Set-Cookie"].split("; Path=")[0]}).status == 200
        assert wrong.status == 401
        assert dict(app("/", "token=s3cret&q=x").all_headers())["Location"] == "/?q=x"


def test_the_token_s_redirect_stays_on_this_server():
    app = App(None, token="s3cret")
    assert dict(app("//example.org/x", "token=s3cret").all_headers())["Location"] == "/example.org/x"


@pytest.mark.parametrize("token", ["", "  "])
def test_an_empty_token_given_is_refused_rather_than_serving_without_one(collection, token):
    result = CliRunner().invoke(cli, ["--index", str(collection[1]), "serve", "--port", "0", "--token", token])
    assert (result.exit_code, result.output) == (
        2, "Error: --token is empty: give the token users must send, or leave --token out\n")
