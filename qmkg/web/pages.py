"""The HTML pages: home, the query library and its forms, entity pages, dereferenceable IRIs,
network views and the query editor. Every query they need runs in a worker (:mod:`.tasks`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from qmkg.core.namespaces import QM, SKOS
from qmkg.core.terms import Term
from qmkg.query import formats as qformats
from qmkg.query.library import library
from qmkg.web import negotiate
from qmkg.web.negotiate import GRAPH_RESPONSE_FORMATS
from qmkg.web.protocol import HTTPError, error_response, work
from qmkg.web.templating import LANGS, href, page_template, translator

# Pages load nothing from elsewhere; the ego views inline their script, so they get their own policy.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
CSP_VIEW = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
DOWNLOADS = ("csv", "tsv", "json")
HERE = Path(__file__).resolve().parent


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def _switch_url(request: Request, lang: str) -> str:
    """This page's URL in the other language."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if lang == "zh":
        params.append(("lang", "en"))
    return request.url.path + ("?" + urlencode(params) if params else "")


def render(request: Request, name: str, *, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
    lang = lang_of(request)
    config = request.app.state.config
    limits = config.limits
    page = page_template(name).render(
        t=translator(lang), lang=lang, switch_url=_switch_url(request, lang), limits=limits,
        href=lambda term: href(term, base=config.base, lang=lang),
        lang_q="" if lang == "zh" else "?lang=en", lang_amp="" if lang == "zh" else "&lang=en", **context,
    )
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": CSP, **(headers or {})})


async def http_error(request: Request, exc: HTTPError) -> Response:
    """An error as a page for a browser, as one line of text for anyone else."""
    if negotiate.wants_html(request.headers.get("accept")):
        return render(request, "error.html", status=exc.status, headers=exc.headers, status_code=exc.status,
                      message=exc.message)
    return error_response(exc)


async def not_found(request: Request, exc) -> Response:
    return await http_error(request, HTTPError(getattr(exc, "status_code", 404), getattr(exc, "detail", "not found")))


EXCEPTION_HANDLERS = {HTTPError: http_error, 404: not_found, 405: not_found}


# --- home and the library -------------------------------------------------------------------

async def home(request: Request) -> Response:
    lang, rows = lang_of(request), request.app.state.config.limits.max_rows
    stats = await work(request, "named", "stats", {}, lang, 1)
    months = await work(request, "web", "months", lang, rows)
    slogans = await work(request, "named", "slogans", {}, lang, rows)
    issuers = await work(request, "web", "issuers", lang, rows)
    counts = dict(zip(stats.columns, (t.value if t else "0" for t in stats.rows[0]))) if stats.rows else {}
    return render(request, "home.html", counts=counts, months=months.rows, slogans=slogans.rows,
                  issuers=issuers.rows, queries=list(library().values()))


async def query_list(request: Request) -> Response:
    return render(request, "queries.html", queries=list(library().values()))


def _given(request: Request, q) -> dict[str, str]:
    return {p.name: request.query_params[p.name] for p in q.params if request.query_params.get(p.name, "").strip()}


async def query_page(request: Request) -> Response:
    """A named query: its form, and its answer as a table or (``format=``) a download, on one URL."""
    name = request.path_params["name"]
    q = library().get(name)
    if q is None:
        raise HTTPError(404, f"no query named {name!r}")
    lang, limits = lang_of(request), request.app.state.config.limits
    params = _given(request, q)
    fmt = request.query_params.get("format", "html")
    if fmt not in (*DOWNLOADS, "html"):
        raise HTTPError(400, f"format must be one of html, {', '.join(DOWNLOADS)}, not {fmt!r}")
    table = None
    if len(params) == len(q.params):  # every parameter given (or none needed): answer on this page
        table = await work(request, "named", name, params, lang, limits.max_rows)
    headers = {"X-QMKG-Rows": str(len(table.rows))} if table else {}
    if table and table.truncated:
        headers["X-QMKG-Truncated"] = f"true; the first {len(table.rows)} rows (limit --max-rows)"
    if fmt != "html":
        if table is None:
            raise HTTPError(400, f"query {name} needs " + ", ".join(f"{p.name}=…" for p in q.params))
        body = qformats.render(table.columns, table.rows, fmt)
        media = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/sparql-results+json"}[fmt]
        headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return Response(body, media_type=media + "; charset=utf-8", headers=headers)
    downloads = {f: (lambda u: u.path + "?" + u.query)(request.url.include_query_params(format=f)) for f in DOWNLOADS}
    return render(request, "query.html", headers=headers, q=q, params=params, table=table, downloads=downloads)


async def labels(request: Request) -> Response:
    """``/api/labels?type=concept``: the labels a parameter can take, for the form's autocompletion."""
    from qmkg.query.library import PARAM_TYPES

    ptype = request.query_params.get("type", "")
    if ptype not in PARAM_TYPES:
        raise HTTPError(400, f"type must be one of {', '.join(PARAM_TYPES)}")
    cache = request.app.state.labels  # the graph is read-only: the labels never change
    if ptype not in cache:
        cache[ptype] = [{"label": lab, "iri": iri} for lab, iri in await work(request, "candidates", ptype)]
    return JSONResponse(cache[ptype], headers={"Cache-Control": "max-age=300"})


# --- entities -------------------------------------------------------------------------------

def _alternates(request: Request) -> dict[str, str]:
    """This URL in each RDF format, percent-encoded (a header holds Latin-1 only)."""
    return {f.media_type: quote(str(request.url.include_query_params(format=f.name)), safe=":/?&=%#+")
            for f in GRAPH_RESPONSE_FORMATS}


async def describe(request: Request, iri: str) -> Response:
    """An entity: a page for a browser, its description in an RDF format for anyone else (Cool URIs)."""
    alternates = _alternates(request)
    link = ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for media, url in alternates.items())
    headers = {"Vary": "Accept", "Link": link}
    name = request.query_params.get("format")
    accept = request.headers.get("accept")
    if name is None and negotiate.wants_html(accept):
        entity = await work(request, "entity", iri, lang_of(request))
        if entity is None:
            raise HTTPError(404, f"the graph says nothing about <{iri}>")
        return render(request, "entity.html", headers=headers, e=entity, alternates=alternates,
                      network=_network_kind(entity))
    fmt = negotiate.by_name(name, GRAPH_RESPONSE_FORMATS) if name else negotiate.choose(accept, GRAPH_RESPONSE_FORMATS)
    if fmt is None:
        raise HTTPError(406, "offered: text/html, " + ", ".join(alternates), headers)
    body = await work(request, "describe", iri, fmt.oxigraph)
    if body is None:
        raise HTTPError(404, f"the graph says nothing about <{iri}>", headers)
    return Response(body, media_type=fmt.content_type, headers=headers)


def _network_kind(entity) -> str | None:
    if entity.has_type(QM.Organiser):
        return "organiser"
    if any(n.term.value == QM.ThemeScheme for n in entity.values(SKOS.inScheme)):
        return "theme"
    return None


async def dereference(request: Request) -> Response:
    """``/id/X``: the entity ``BASE + X``."""
    return await describe(request, request.app.state.config.base + request.path_params["path"])


async def resource(request: Request) -> Response:
    """``/resource?iri=…``: any other IRI of the graph (themes, kinds, campaigns of the vocabulary)."""
    iri = request.query_params.get("iri", "")
    try:
        Term.iri(iri).n3()
    except Exception:
        raise HTTPError(400, f"not an IRI: {iri!r}") from None
    return await describe(request, iri)


async def network(request: Request) -> Response:
    """``/network/organiser?iri=…`` and ``/network/theme?iri=…``: ego views of the organiser–theme network."""
    kind, iri = request.path_params["kind"], request.query_params.get("iri", "")
    if kind not in ("organiser", "theme"):
        raise HTTPError(404, "network views: /network/organiser?iri=… or /network/theme?iri=…")
    page = await work(request, "ego", kind, iri)
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP_VIEW})


# --- the query editor -----------------------------------------------------------------------

async def editor(request: Request) -> Response:
    """YASGUI on the local endpoint, the named queries as example tabs (parameters bound to their examples)."""
    lang = lang_of(request)
    cache = request.app.state.examples
    if lang not in cache:
        cache[lang] = await work(request, "examples", lang)
    examples = cache[lang]
    config = {"endpoint": str(request.url.replace(query="", fragment="")), "examples": examples,
              "start": (HERE / "queries" / "start.rq").read_text(encoding="utf-8")}
    return render(request, "editor.html", config=config)
