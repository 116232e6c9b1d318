import pytest
from fastapi.testclient import TestClient

from detente.errors import DetenteError
from detente.serve.app import create_app


def test_health_and_openapi(client):
    assert client.get("/health").json() == {"status": "ok", "writable": False, "documents": 21, "events": 20}
    spec = client.get("/openapi.json").json()
    assert {"/code", "/events", "/dyads/{a}/{b}", "/documents/{doc_id}", "/actors", "/quotes", "/pledges",
            "/health"} <= set(spec["paths"])


def test_events_filters_and_pages(client):
    every = client.get("/events", params={"limit": 500}).json()
    assert every["total"] == 20 and len(every["items"]) == 20
    dyad = client.get("/events", params={"dyad": ["USA", "JPN"], "type": "ASSAULT"}).json()
    assert dyad["total"] == 1 and dyad["items"][0]["num_mentions"] == 3
    assert len(dyad["items"][0]["mentions"]) == 3
    page = client.get("/events", params={"limit": 5, "offset": 5}).json()
    assert page["total"] == 20 and [e["id"] for e in page["items"]] == [e["id"] for e in every["items"][5:10]]


def test_dyad_timeline(client):
    data = client.get("/dyads/usa/jpn", params={"freq": "month"}).json()
    july = next(p for p in data["periods"] if p["period"] == "2025-07-01")
    assert july["both"]["events"] == 4 and july["both"]["index"] == -1.0
    assert data["total"]["events"] == 18 and "military" in data["agenda"]["contexts"]


def test_document_with_marked_evidence(client):
    event = client.get("/events", params={"type": "AID"}).json()["items"][0]
    doc = client.get(f"/documents/{event['document']}").json()
    assert doc["text"].startswith("Aid and pledge. Shigeru Ishiba aided") and len(doc["mentions"]) == 2
    assert doc["mentions"][0]["participants"][0]["country"] == "JPN"
    assert doc["mentions"][0]["marked"] == ('<mark class="actor">Shigeru Ishiba</mark> <mark class="trigger">aided'
                                            '</mark> <mark class="recipient">Donald Trump</mark>.')


def test_actors_quotes_pledges(client):
    actors = client.get("/actors", params={"country": "JPN"}).json()["items"]
    assert actors[0]["name"] == "Shigeru Ishiba" and actors[0]["mentions"] == 21
    assert client.get("/quotes", params={"speaker": "Ishiba"}).json()["items"][0]["direct"] is True
    assert [p["status"] for p in client.get("/pledges").json()["items"]] == ["demanded", "pledged"]


def test_code_endpoint(client):
    doc = client.post("/code", json={"text": "Pakistan accused India of shelling villages.",
                                     "date": "2025-05-01"}).json()
    assert doc["events"][0]["event"] == "ACCUSE" and doc["date"] == "2025-05-01"


@pytest.mark.parametrize("method, path, kwargs, status, words", [
    ("get", "/events", {"params": {"since": "yesterday"}}, 422, "since"),
    ("get", "/events", {"params": {"limit": 100000}}, 422, "limit"),
    ("get", "/events", {"params": {"modality": "maybe"}}, 422, "modality"),
    ("get", "/dyads/US/JPN", {}, 422, "pattern"),
    ("get", "/documents/nope", {}, 404, "no document"),
    ("get", "/nowhere", {}, 404, "Not Found"),
    ("post", "/code", {"json": {"text": ""}}, 422, "text"),
    ("post", "/code", {"json": {"text": "x" * 400_000}}, 400, "limit"),
    ("post", "/code", {"content": b"x" * 2_000_000, "headers": {"content-type": "application/json"}}, 413, "larger"),
    ("post", "/code", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "JSON"),
    ("post", "/documents", {"json": {"text": "Japan and India agreed."}}, 403, "read-only"),
])
def test_errors_are_json_with_a_message_and_no_trace(client, method, path, kwargs, status, words):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and words.lower() in error["message"].lower()
    assert "Traceback" not in response.text


def test_a_slow_request_is_cut_off_with_a_json_error(store_path, coder):
    with TestClient(create_app(store_path, coder=coder, limits={"request_timeout_seconds": 0.01})) as client:
        response = client.post("/code", json={"text": "Japan and India agreed to hold naval drills. " * 200})
    assert response.status_code == 503 and "longer than 0.01 s" in response.json()["error"]["message"]


def test_injection_attempts_are_just_values(client):
    for value in ["USA' OR '1'='1", "%", "'; DROP TABLE events; --"]:
        response = client.get("/events", params={"actor": value})
        assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/health").json()["events"] == 20
    assert client.get("/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/static/..%2F..%2Fapp.py").status_code == 404


def test_writes_need_the_flag_and_the_key(store_path, coder):
    with pytest.raises(DetenteError, match="API key"):
        create_app(store_path, allow_write=True)
    with TestClient(create_app(store_path, allow_write=True, api_key="s3cret", coder=coder)) as client:
        body = {"text": "Japan and India agreed to hold naval drills.", "date": "2025-09-01"}
        assert client.post("/documents", json=body).status_code == 401
        assert client.post("/documents", json=body, headers={"X-API-Key": "wrong"}).status_code == 401
        first = client.post("/documents", json=body, headers={"X-API-Key": "s3cret"}).json()
        again = client.post("/documents", json=body, headers={"X-API-Key": "s3cret"}).json()
        assert first["new"] == 1 and again == {**again, "new": 0, "skipped": 1}
        assert again["id"] == first["id"]
        assert client.get("/health").json()["documents"] == 22
        stored = client.get(f"/documents/{first['id']}").json()
        assert stored["text"] == body["text"] and stored["mentions"][0]["event"] == "AGREE"
        # repaired as ingest repairs it: the mojibake text is stored (and named) as the fixed one
        broken = {"text": "Japan\u00e2\u20ac\u2122s foreign minister met India\u00e2\u20ac\u2122s envoy in Delhi."}
        fixed = client.post("/documents", json=broken, headers={"X-API-Key": "s3cret"}).json()
        assert client.get(f"/documents/{fixed['id']}").json()["text"].startswith("Japan\u2019s foreign")
