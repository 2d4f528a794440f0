"""``qmkg publish`` (qmkg/site/): a static linked-data site, its files, its bytes, and a real nginx
serving it with content negotiation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from qmkg.cli.main import main
from qmkg.core.errors import InputError
from qmkg.pipeline import run_build
from qmkg.site.publish import publish_site

from .conftest import _free_port, missing_tool, serving

NGINX = "/usr/sbin/nginx"
NOTICES = Path(__file__).parent / "data" / "notices"
ID = "https://example.org/qmkg/id/"
# one entity of each kind the issue names, and where the site puts it (its IRI's path under
# https://example.org/qmkg/, the default base URL for the default data base)
ENTITIES = {
    "organiser": "id/org/samr",
    "region": "id/org/cn-bj",
    "activity": "id/activity/2024/3-01-1",
    "month": "id/month/2024",
    "notice": "id/notice/2024",
    "campaign": "id/campaign/质量开放日",
    "theme": "theme/metrology",
    "dataset": "id/dataset/qm-2024",
    "ontology": "ontology",
}


@pytest.fixture(scope="session")
def site(tmp_path_factory, built_graph) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    report = publish_site(out, graph=built_graph)
    assert report.base_url == "https://example.org/qmkg/"
    return out


@pytest.fixture(scope="module")
def store(built_graph) -> ox.Store:
    st = ox.Store()
    st.bulk_load(path=str(built_graph), format=ox.RdfFormat.TURTLE)
    return st


def _subjects(store: ox.Store, prefix: str) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)}


@pytest.mark.parametrize("kind", sorted(ENTITIES))
def test_each_kind_of_entity_has_a_page_turtle_and_jsonld(site, kind):
    for suffix in (".html", ".ttl", ".jsonld"):
        assert (site / (ENTITIES[kind] + suffix)).is_file(), kind + suffix


def test_every_iri_under_the_base_is_published(site, store):
    """Every subject IRI the data mints (organisers, activities, spans ...) dereferences to three files."""
    subjects = {s.split("#")[0] for s in _subjects(store, "https://example.org/qmkg/")}
    assert len(subjects) > 1000
    missing = [s for s in subjects
               if not (site / (s[len("https://example.org/qmkg/"):] + ".ttl")).is_file()]
    assert missing == []


@pytest.mark.parametrize("kind", ["organiser", "activity", "theme", "ontology", "dataset"])
def test_an_entitys_turtle_and_jsonld_hold_its_triples(site, store, kind):
    from pyld import jsonld

    iri = "https://example.org/qmkg/" + ENTITIES[kind]
    ttl = Graph().parse(site / (ENTITIES[kind] + ".ttl"), format="turtle")
    doc = json.loads((site / (ENTITIES[kind] + ".jsonld")).read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(jsonld.expand(doc), {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), ttl)
    expected = {(q.subject.value, q.predicate.value, str(q.object))
                for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())}
    got = {(str(s), str(p), o.n3()) for s, p, o in ttl if str(s) == iri}
    assert len(got) == len(expected) > 0


def test_the_dumps_are_where_the_dataset_says(site, built_graph):
    g = Graph().parse(site / "id/dataset/qm-2024.ttl", format="turtle")
    dumps = sorted(str(o) for o in g.objects(predicate=None) if str(o).startswith(ID + "dump/qm-2024."))
    assert dumps == [ID + "dump/qm-2024.jsonld", ID + "dump/qm-2024.nt", ID + "dump/qm-2024.ttl"]
    assert (site / "id/dump/qm-2024.ttl").read_bytes() == built_graph.read_bytes()  # both canonical
    assert (site / "id/dump/index.html").is_file()  # the distributions' dcat:accessURL


_EXTERNAL_LOAD = re.compile(r"""<(?:script|img|iframe|link|source|audio|video|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//"""
                            r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def test_no_page_loads_anything_from_the_network(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1000
    loads = [str(p) for p in pages if _EXTERNAL_LOAD.search(p.read_text(encoding="utf-8"))]
    assert loads == []
    assert _EXTERNAL_LOAD.search('<link rel="stylesheet" href="https://cdn.example/x.css">')  # the check bites


def test_the_ontology_page_documents_every_term(site, store):
    page = (site / "ontology.html").read_text(encoding="utf-8")
    terms = {s.split("#")[1] for s in _subjects(store, "https://example.org/qmkg/ontology#")}
    assert len(terms) > 60
    assert [t for t in sorted(terms) if f'id="{t}"' not in page] == []
    assert 'href="theme/metrology.html"' in page  # the theme scheme's tree links its concepts


def test_the_network_views_and_the_rules_are_in_the_site(site):
    assert (site / "_site/network/index.html").is_file()
    assert (site / "_site/network/organiser-theme.html").is_file()
    htaccess = (site / ".htaccess").read_text()  # Apache is not installed here: its rules are read, not run
    assert "RewriteRule ^(.+)$ $1.ttl [L]" in htaccess and "AddType application/ld+json .jsonld" in htaccess
    location = (site / "_site/conf/nginx-location.conf").read_text()
    assert "try_files $uri$qmkg_suffix" in location and "add_header Vary Accept" in location


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> Path:
    """A small graph (the Sichuan excerpt) on another base: quick to publish more than once."""
    out = tmp_path_factory.mktemp("small") / "sichuan.ttl"
    run_build([NOTICES / "2025-sichuan.txt"], output=out, base="https://data.example.net/qm/")
    return out


def test_the_same_graph_gives_the_same_bytes(small_graph, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    publish_site(one, graph=small_graph)
    publish_site(two, graph=small_graph)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert len(files) > 500
    assert [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()] == []


def test_a_base_outside_the_vocabulary_puts_the_vocabulary_under_vocab(small_graph, tmp_path):
    site = tmp_path / "site"
    report = publish_site(site, graph=small_graph, network=False)
    assert report.base_url == "https://data.example.net/qm/"  # the data's void:uriSpace
    assert (site / "org/cn-sc.html").is_file() and (site / "dataset/qm-2025-cn-sc.ttl").is_file()
    assert (site / "vocab/ontology.html").is_file() and (site / "vocab/theme/metrology.jsonld").is_file()


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path, small_graph):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty and not a site"):
        publish_site(folder, graph=small_graph, network=False)
    assert (folder / "notes.txt").read_text() == "keep me"


def test_the_cli_publishes_and_republishes(tmp_path, small_graph, capsys):
    out = tmp_path / "pub"
    for _ in range(2):  # the second run replaces the first site
        assert main(["publish", str(out), "--graph", str(small_graph), "--no-network"]) == 0
    assert "documents" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pub"]  # no temporary folder left behind
    assert main(["publish", str(out), "--graph", str(small_graph), "--base-url", "ftp://x/"]) == 2
    assert capsys.readouterr().err.startswith("qmkg: error: --base-url")
    assert (out / "index.html").is_file()  # the failed run left the site as it was


# --- a real nginx serves the site --------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    """nginx (Debian's nginx-light) on 127.0.0.1 serving the site with its own snippets; yields the URL."""
    if not Path(NGINX).exists():
        missing_tool("nginx is not installed: apt-get install nginx-light")
    run = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    temps = "\n".join(f"  {d}_temp_path {run}/{d};" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = run / "nginx.conf"
    conf.write_text(f"""{'user root;' if os.geteuid() == 0 else ''}
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
{temps}
  include {site}/_site/conf/nginx-map.conf;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    location / {{ include {site}/_site/conf/nginx-location.conf; }}
  }}
}}
""")
    proc = subprocess.Popen([NGINX, "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    yield from serving(proc, base, "/index.html", "nginx", timeout=15)


def _get(url: str, accept: str) -> tuple[int, str, bytes, str]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read(), r.headers.get("Vary", "")
    except urllib.error.HTTPError as e:
        return e.code, "", b"", ""


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.server
@pytest.mark.parametrize("kind", ["organiser", "campaign", "theme", "ontology"])
@pytest.mark.parametrize("accept, media", [
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    (BROWSER, "text/html"),
    ("*/*", "text/html"),
])
def test_nginx_answers_an_iri_by_accept(nginx, site, kind, accept, media):
    path = urllib.parse.quote(ENTITIES[kind])
    status, ctype, body, vary = _get(f"{nginx}/{path}", accept)
    assert status == 200 and ctype.split(";")[0] == media and "Accept" in vary
    suffix = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", "text/html": ".html"}[media]
    assert body == (site / (ENTITIES[kind] + suffix)).read_bytes()


@pytest.mark.server
def test_nginx_serves_files_by_name_and_404s_the_rest(nginx):
    status, ctype, body, _ = _get(f"{nginx}/id/dump/qm-2024.nt", BROWSER)
    assert status == 200 and ctype.startswith("application/n-triples") and body.startswith(b"<")
    assert _get(f"{nginx}/id/org/samr.ttl", BROWSER)[1].startswith("text/turtle")
    assert _get(f"{nginx}/", BROWSER)[0] == 200
    assert _get(f"{nginx}/id/org/no-such-organiser", "text/turtle")[0] == 404
