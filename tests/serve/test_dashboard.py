"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `detente serve`
on 127.0.0.1. Screenshots go to test-artifacts/dashboard/ for a person to look at."""
import socket
import threading
import time

import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from detente.serve.app import create_app
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
# as root in a container, without the network: no sandbox, no background connections
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-artifacts" / "dashboard"


@pytest.fixture()
def server(store_path, coder):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store_path, coder=coder), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def page(server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        requests = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(server)
        yield tab
        # everything the page loaded came from our server: no CDN
        assert requests and all(url.startswith(server) for url in requests), requests
        browser.close()


def test_pick_a_dyad_and_see_its_chart(page):
    expect(page.locator("#dyad-pick option[value='JPN/USA']")).to_have_count(1)
    page.select_option("#dyad-pick", "JPN/USA")
    expect(page.locator("#timeline-chart .main-svg").first).to_be_visible()
    expect(page.locator("#timeline-chart g.point path").first).to_be_attached()     # bars drawn
    expect(page.locator("#dyad-summary .card").first).to_contain_text("18")
    expect(page.locator("#dyad-notable .event").first).to_contain_text("ASSAULT")
    page.screenshot(path=SHOTS / "relationship.png", full_page=True)


def test_open_an_events_evidence(page):
    page.click("#tab-events")
    page.fill("#event-form input[name=type]", "ACCUSE")
    page.click("#events-search")
    expect(page.locator("#events-count")).to_contain_text("4 events")
    page.locator("#events-table tbody tr").first.click()
    expect(page.locator("#evidence")).to_be_visible()
    expect(page.locator("#evidence-sentence mark.trigger")).to_have_count(1)
    expect(page.locator("#evidence-sentence mark.actor")).to_have_count(1)
    page.screenshot(path=SHOTS / "evidence.png", full_page=True)


def test_code_a_pasted_article(page):
    page.click("#tab-code")
    page.fill("#code-text", "Japan's prime minister met the US president in Washington on Friday. "
                            "China accused Taiwan of provoking tension in the strait.")
    page.fill("#code-date", "2025-02-07")
    page.click("#code-run")
    expect(page.locator("#code-table tbody tr")).to_have_count(2)
    expect(page.locator("#code-table tbody")).to_contain_text("ACCUSE")
    expect(page.locator("#code-marked mark.trigger")).to_have_count(2)
    expect(page.locator("#code-marked mark.recipient")).to_contain_text("Taiwan")
    page.screenshot(path=SHOTS / "code.png", full_page=True)
