"""`detente serve`: a FastAPI app over the store, with OpenAPI docs at /docs and the dashboard
at /. Read-only unless started with --allow-write, and then writes need the API key.

Every parameter reaches DuckDB as a bound value (store/query.py); every error is JSON
{"error": {"status", "message"}} with no stack trace; bodies and request times are limited
(data/serve.yaml).
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import threading
from datetime import date as Date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente.analysis.alerts import busiest_dyads
from detente.analysis.dyad import dyad_timeline
from detente.analysis.evidence import mark
from detente.analysis.pledges import find_pledges
from detente.analysis.plots import agenda
from detente.analysis.quotes import find_quotes
from detente.data_files import load_package_yaml
from detente.errors import DetenteError
from detente.records import MODALITIES
from detente.store import Store
from detente.store.query import EventFilter, event_dicts, like_pattern

log = logging.getLogger("detente.serve")
STATIC = resources.files("detente.serve") / "static"
CODE = r"^[A-Za-z]{3}$"      # country or IGO code


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, description="the article text")
    date: Date | None = Field(None, description="publication date (roles and relative dates use it)")


class DocumentIn(CodeRequest):
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None


def create_app(db: str | Path, allow_write: bool = False, api_key: str | None = None, coder=None,
               limits: dict | None = None) -> FastAPI:
    """The app over the store at `db`; `coder` and `limits` (data/serve.yaml) may be given."""
    limits = {**load_package_yaml("serve.yaml"), **(limits or {})}
    if allow_write and not api_key:
        raise DetenteError("E021", option="--allow-write", reason="needs an API key (--api-key or DETENTE_API_KEY)")
    store = Store(db, read_only=not allow_write)
    app = FastAPI(title="detente", version=_version(),
                  description="Political event data coded from news: events, dyads, documents with evidence.")
    app.state.store, app.state.limits = store, limits
    lock = threading.Lock()         # one coder and one write connection: requests take turns
    state: dict[str, Any] = {"coder": coder}

    def cursor():
        return store.con.cursor()

    def get_coder():
        if state["coder"] is None:
            from detente.pipeline import Coder
            state["coder"] = Coder()
        return state["coder"]

    _install_guards(app, limits)
    page = Query(limits["default_page_size"], ge=1, le=limits["max_page_size"])

    @app.get("/health")
    def health() -> dict[str, Any]:
        counts = {name: cursor().execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
                  for name in ("documents", "events")}
        return {"status": "ok", "writable": allow_write, **counts}

    @app.post("/code")
    def code(request: CodeRequest) -> dict[str, Any]:
        """Code a text without storing it: the JSONL record of `detente code`."""
        with lock:
            document = get_coder().code(request.text, date=request.date)
        return document.to_dict()

    @app.get("/events")
    def events(dyad: Annotated[list[str] | None, Query(max_length=2, min_length=2, description="two codes")] = None,
               actor: str | None = None, recipient: str | None = None,
               type: Annotated[list[str] | None, Query(description="PLOVER types")] = None,
               since: Date | None = None, until: Date | None = None, context: str | None = None,
               modality: Literal[MODALITIES] | None = None, min_mentions: int = Query(1, ge=1, le=1_000_000),
               limit: int = page, offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        flt = EventFilter(dyad=tuple(dyad) if dyad else None, actor=actor, recipient=recipient,
                          types=tuple(type or ()), since=since, until=until, context=context, modality=modality,
                          min_mentions=min_mentions)
        where, params = flt.where()
        total = cursor().execute(f"SELECT count(*) FROM event_records WHERE {where}", params).fetchall()[0][0]
        return {"total": total, "offset": offset, "items": list(event_dicts(cursor(), flt, limit=limit, offset=offset))}

    @app.get("/dyads")
    def dyads(limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
        """The busiest pairs of countries, for the dashboard's picker."""
        return [{"a": a, "b": b, "events": n} for a, b, n in busiest_dyads(cursor(), limit)]

    @app.get("/dyads/{a}/{b}")
    def dyad(a: Annotated[str, PathParam(pattern=CODE)], b: Annotated[str, PathParam(pattern=CODE)],
             freq: Literal["auto", "week", "month", "quarter", "year"] = "month", since: Date | None = None,
             until: Date | None = None) -> dict[str, Any]:
        timeline = dyad_timeline(cursor(), a, b, freq, since, until)
        names, counts = agenda(timeline)
        total = timeline.total()
        return {**timeline.to_dict(), "total": total.to_dict(),
                "agenda": {"contexts": names, "counts": counts}}

    @app.get("/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        """The stored text with every event coded in it, its evidence marked."""
        rows = cursor().execute("SELECT id, title, url, source, published, language, text FROM documents "
                                "WHERE id = ?", [doc_id]).fetchall()
        if not rows:
            raise HTTPException(404, f"no document '{doc_id}'")
        did, title, url, source, published, language, text = rows[0]
        mentions = cursor().execute("""
            SELECT m.id, m.event_type, m.cameo, m.modality, m.sentence, m.sentence_text, m.trigger_start,
                   m.trigger_end, m.trigger_text, em.event_id
            FROM mentions m LEFT JOIN event_mentions em ON em.mention_id = m.id
            WHERE m.document_id = ? ORDER BY m.sentence, m.id""", [doc_id]).fetchall()
        spans = cursor().execute("""
            SELECT mention_id, role, text, country, sector, name, span_start, span_end FROM entities
            WHERE mention_id IN (SELECT id FROM mentions WHERE document_id = ?) ORDER BY mention_id, role, position""",
                                 [doc_id]).fetchall()
        # each sentence is marked from the rows above: the store keeps no index by mention (schema
        # 3), so a lookup per mention would scan the mentions and entities tables every time
        evidence: dict[str, list[tuple[int, int, str]]] = {}
        for m2, role, _, _, _, _, s_start, s_end in spans:
            if s_start is not None:
                evidence.setdefault(m2, []).append((s_start, s_end, role))
        return {"id": did, "title": title, "url": url, "source": source,
                "published": published.isoformat() if published else None, "language": language, "text": text,
                "mentions": [{"id": mid, "event_id": event_id, "event": kind, "cameo": cameo, "modality": modality,
                              "sentence": sentence,
                              "marked": mark(text, sentence_text, [(start, end, "trigger")] + evidence.get(mid, [])),
                              "trigger": {"start": start, "end": end, "text": trigger},
                              "participants": [{"role": role, "text": ptext, "country": country, "sector": sector,
                                                "name": name, "start": s_start, "end": s_end}
                                               for m2, role, ptext, country, sector, name, s_start, s_end in spans
                                               if m2 == mid]}
                             for mid, kind, cameo, modality, sentence, sentence_text, start, end, trigger, event_id
                             in mentions]}

    @app.get("/actors")
    def actors(country: Annotated[str | None, Query(pattern=CODE)] = None, q: str | None = None,
               limit: int = page, offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Actors in the store with how many events they took part in (as actor or recipient)."""
        clauses, params = ["name IS NOT NULL"], []
        if country:
            clauses.append("country = ?")
            params.append(country.upper())
        if q:
            clauses.append("name ILIKE ? ESCAPE '\\'")
            params.append(like_pattern(q))
        rows = cursor().execute(f"""
            SELECT name, country, sector, count(DISTINCT mention_id) AS n FROM entities
            WHERE {' AND '.join(clauses)} GROUP BY ALL ORDER BY n DESC, name LIMIT ? OFFSET ?""",
                                [*params, limit, offset]).fetchall()
        return {"items": [{"name": n, "country": c, "sector": s, "mentions": k} for n, c, s, k in rows]}

    @app.get("/quotes")
    def quotes(speaker: str | None = None, about: str | None = None, since: Date | None = None,
               until: Date | None = None, limit: int = page) -> dict[str, Any]:
        return {"items": find_quotes(cursor(), speaker, about, since=since, until=until, limit=limit)}

    @app.get("/pledges")
    def pledges(actor: str | None = None, recipient: str | None = None, since: Date | None = None,
                until: Date | None = None, limit: int = page) -> dict[str, Any]:
        return {"items": find_pledges(cursor(), actor, recipient, since, until, limit=limit)}

    def require_key(x_api_key: Annotated[str | None, Header()] = None) -> None:
        if not allow_write:
            raise HTTPException(403, "the server is read-only (start it with --allow-write)")
        if not x_api_key or not hmac.compare_digest(x_api_key, api_key or ""):
            raise HTTPException(401, "a valid X-API-Key header is required")

    @app.post("/documents", dependencies=[Depends(require_key)])
    def add_document(request: DocumentIn) -> dict[str, Any]:
        """Code a document and store it (idempotent: the same text is stored once); returns its
        stored id, under which GET /documents/{id} shows it."""
        from detente.corpus import content_hash, document_id, ingest
        from detente.ingest.repair import repair_article
        from detente.ingest.sources import SourceItem
        from detente.records import Article
        # repaired as `detente ingest` repairs its inputs, so the same text gets the same id
        article = repair_article(Article(id=request.id or "api", text=request.text,
                                         date=request.date.isoformat() if request.date else None,
                                         title=request.title, source=request.source, url=request.url))
        issues: list[str] = []
        with lock:
            summary = ingest([SourceItem(article, "api")], store, get_coder(), on_issue=issues.append)
        if issues:
            raise HTTPException(400, issues[0])
        return {"id": document_id(content_hash(article.text)), "new": summary.new,
                "mentions": summary.mentions, "events": summary.events,
                "skipped": summary.stored_before + sum(summary.languages.values())}

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(str(STATIC / "index.html"))

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js():
        import plotly
        return FileResponse(Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
                            media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg")

    return app


def _install_guards(app: FastAPI, limits: dict) -> None:
    """Size and time limits, and errors as JSON."""
    max_body, timeout = limits["max_body_bytes"], limits["request_timeout_seconds"]

    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and not (length.isascii() and length.isdigit()):
            return _error(400, f"Content-Length {length[:40]!r} is not a number of bytes")
        if length is not None and int(length) > max_body:
            return _error(413, f"request body larger than {max_body:,} bytes")
        if request.method in ("POST", "PUT") and length is None:
            body = await request.body()         # chunked: read it here, with the same cap
            if len(body) > max_body:
                return _error(413, f"request body larger than {max_body:,} bytes")
        try:
            return await asyncio.wait_for(call_next(request), timeout)
        except asyncio.TimeoutError:
            return _error(503, f"request took longer than {timeout} s")

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, exc: DetenteError):
        return _error(400, str(exc).split("] ", 1)[-1])

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(500, "internal error; the server log has the details")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _version() -> str:
    from importlib.metadata import version
    return version("detente")
