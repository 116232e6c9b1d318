"""Property (fuzz) tests of `POST /code`: arbitrary JSON and bytes, wrong content types, huge and
deeply nested bodies, odd Unicode and far dates. Whatever comes in, the answer is a 2xx, or a 4xx
(413 for size) in our JSON error shape: never a 500, never a hang. Each request goes through the
real coder, so the texts are kept short.
"""
from __future__ import annotations

import asyncio
import json
import os
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from detente.serve.app import create_app
from detente.store import Store
from tests.fuzzing import within

# A short text is coded in well under a second; 60 s is a hang, whatever the machine.
REQUEST_SECONDS = 60
# Examples per property, sized for CI; DETENTE_FUZZ_EXAMPLES raises it for a longer local search.
EXAMPLES = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=max(1, EXAMPLES // 2), deadline=timedelta(seconds=10),
                suppress_health_check=[HealthCheck.too_slow])
JSON_TYPE = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory, coder):
    """One app over an empty store for the whole module: /code stores nothing."""
    path = tmp_path_factory.mktemp("serve") / "empty.duckdb"
    Store(path).close()
    with TestClient(create_app(path, coder=coder)) as test_client:
        yield test_client


def post(client: TestClient, **request) -> dict:
    """POST /code and check the answer's contract; returns the JSON body."""
    response = within(REQUEST_SECONDS, lambda: client.post("/code", **request))
    status = response.status_code
    assert status < 500, (status, response.text[:500])
    body = response.json()
    if currently_in_test_context():
        event(f"HTTP {status}")     # for --hypothesis-show-statistics: that some bodies get coded
    if status >= 400:
        assert set(body) == {"error"} and body["error"]["status"] == status, body
        assert isinstance(body["error"]["message"], str) and body["error"]["message"].strip(), body
        assert "Traceback" not in body["error"]["message"]
    else:
        assert status == 200 and isinstance(body.get("events"), list), body
    return body


# -- what bodies are made of ----------------------------------------------------------------------

WORDS = ("Japan", "China", "India", "Pakistan", "met", "accused", "agreed", "to", "talks", "in", "Beijing",
         "tomorrow", "yesterday", "next", "year", "last", "week", "on", "Monday", "said", "will", "not",
         "the", "president", "minister", "Ishiba", "Trump", "$5 billion", "sanctions", ".", ",", "\"", "\n")
# Characters that trip up text handling: NUL, BOM, separators, joiners, bidi marks, a character
# whose lower case is longer ("İ"), combining marks, fullwidth digits, astral emoji, lone halves
# of surrogate pairs.
ODD_CHARS = ("\x00", "\ufeff", "\u2028", "\u2029", "\x85", "\r", "\u200d", "\u202e", "İ", "\u0301", "\uff12",
             "\U0001f600", "\ufffd", "\x1b", "\u3000", "\ud800", "\udfff")
odd_char = st.one_of(st.characters(), st.characters(categories=["Cs"]), st.sampled_from(ODD_CHARS))
odd_text = st.text(odd_char, max_size=40)
wordy = st.lists(st.one_of(st.sampled_from(WORDS), odd_text), min_size=1, max_size=40).map(" ".join)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), odd_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)), max_leaves=12)
date_value = st.one_of(st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()), odd_text, json_value,
                       st.sampled_from(("0001-01-01", "9999-12-31", "2025-02-30", "２０２５-０１-０１", "")))
code_body = st.fixed_dictionaries({"text": st.one_of(wordy, odd_text, json_value)},
                                  optional={"date": date_value, "id": json_value, "extra": json_value})
CONTENT_TYPES = ("application/json", "application/json; charset=utf-16", "text/plain", "text/html",
                 "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
                 "application/octet-stream", "", "*/*", "application/json\x7f", "json")


# -- properties -----------------------------------------------------------------------------------

@FUZZ
@given(body=code_body, ascii_only=st.booleans())
def test_code_shaped_bodies(client, body, ascii_only):
    # ensure_ascii writes lone surrogates as \ud800 escapes, which JSON allows and Python reads
    content = json.dumps(body, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    post(client, content=content, headers=JSON_TYPE)


@FUZZ
@given(body=json_value)
def test_any_json_body(client, body):
    post(client, content=json.dumps(body).encode(), headers=JSON_TYPE)


@FUZZ
@given(content=st.one_of(st.binary(max_size=2048), code_body.map(lambda b: json.dumps(b).encode())),
       content_type=st.sampled_from(CONTENT_TYPES))
def test_any_bytes_under_any_content_type(client, content, content_type):
    post(client, content=content, headers={"content-type": content_type} if content_type else {})


@FUZZ
@given(text=wordy, date=st.dates())
def test_relative_dates_near_the_ends_of_the_calendar(client, text, date):
    # "tomorrow" on 9999-12-31 and "last year" on 0001-01-01 are dates Python cannot hold
    post(client, json={"text": f"{text} Japan will meet China next year and met India yesterday.",
                       "date": date.isoformat()})


# -- huge, nested, odd: one by one --------------------------------------------------------------

MAX_BODY = 1_000_000            # detente/data/serve.yaml


def chunks(data: bytes, size: int = 65536):
    """The body in pieces, sent chunked: no Content-Length for the size check to read."""
    for start in range(0, len(data), size):
        yield data[start:start + size]


@pytest.mark.parametrize("name, request_, status", [
    ("2 MB body", {"content": b"x" * 2_000_000, "headers": JSON_TYPE}, 413),
    ("2 MB chunked body", {"content": chunks(json.dumps({"text": "a " * 1_000_000}).encode()),
                           "headers": JSON_TYPE}, 413),
    ("text over the limit in a body under it", {"json": {"text": "Japan met China. " * 50_000}}, 400),
    ("body one byte under the limit", {"content": json.dumps({"text": "x" * (MAX_BODY - 13)}).encode(),
                                       "headers": JSON_TYPE}, 400),
    ("100,000 nested arrays", {"content": b"[" * 100_000 + b"]" * 100_000, "headers": JSON_TYPE}, 400),
    ("100,000 nested objects as the text",
     {"content": b'{"text": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}", "headers": JSON_TYPE}, 400),
    ("a number of 5000 digits", {"content": b'{"text": "Japan met China.", "x": 1' + b"0" * 5000 + b"}",
                                 "headers": JSON_TYPE}, 400),
    ("nested text", {"json": {"text": [[["Japan met China."]]]}}, 422),
    ("UTF-16 JSON", {"content": json.dumps({"text": "Japan met China."}).encode("utf-16"), "headers": JSON_TYPE},
     None),
    ("invalid UTF-8", {"content": b'{"text": "Japan met \xff\xfe China."}', "headers": JSON_TYPE}, None),
    # pydantic refuses a str with a lone surrogate (422) before the coder's own check (400) sees it
    ("lone surrogate", {"content": b'{"text": "Japan met \\ud800 China."}', "headers": JSON_TYPE}, 422),
    ("only whitespace", {"json": {"text": "\u3000\u2028 \t\n"}}, 400),
    ("NUL bytes", {"json": {"text": "Japan\x00 met\x00 China."}}, 200),
    ("a length that is no number", {"content": b"{}", "headers": {**JSON_TYPE, "content-length": "abc"}}, 400),
    ("a negative length", {"content": b"{}", "headers": {**JSON_TYPE, "content-length": "-1"}}, 400),
])
def test_huge_nested_and_odd_bodies(client, name, request_, status):
    body = post(client, **request_)
    if status is not None:
        got = body["error"]["status"] if "error" in body else 200
        assert got == status, (name, body)


@pytest.mark.parametrize("length", [b"\xb2", b"\xd9\xa1", b"1e3", b" 12", b""])
def test_a_content_length_that_is_no_ascii_number_is_a_400(client, length):
    # str.isdigit() holds for "²" (a header byte 0xB2), which int() refuses; the test client
    # would re-encode such a header, so the request goes to the ASGI app as it is
    status, body = asyncio.run(_raw_post(client.app, [(b"content-type", b"application/json"),
                                                      (b"content-length", length)], b"{}"))
    assert status == 400 and json.loads(body)["error"]["status"] == 400, body


async def _raw_post(app, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/code", "raw_path": b"/code", "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("text", [
    "İstanbul'da Türkiye ve Yunanistan bakanları görüştü. Japan met China in İzmir.",
    "Japan\u2028met\u2029China\x85in Beijing.\r\rIndia accused Pakistan.",
    "\u202eJapan met China.\u202c \u200dIndia\u200d accused Pakistan.",
    "Japan met China 👩‍👩‍👧‍👦 in Beijing 🇯🇵🇨🇳.",
    "Ja\u0301pa\u0301n met Chi\u0301na.",
    "ＪＡＰＡＮ　ｍｅｔ　ＣＨＩＮＡ　ｏｎ　２０２５年１月２日.",
    "\ufeffJapan met China.",
    "\"" * 500 + "Japan said \"China will not\" agree",
    "Japan met China. " + "\n" * 2000 + "India accused Pakistan.",
    ("a" * 5000) + " met China.",
])
def test_odd_unicode_texts_are_coded(client, text):
    body = post(client, json={"text": text, "date": "2025-02-07"})
    assert "error" not in body, body
