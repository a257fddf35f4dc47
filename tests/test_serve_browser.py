"""`sitegen serve` with a real browser: the open tab reloads by itself and shows the error overlay."""
from __future__ import annotations

import time

import pytest

from conftest import copy_fixture
from test_serve import PREFIX, Served, save

WAIT_MS = 30_000
CONNECTED = "document.addEventListener('LiveReloadConnect', () => { window.liveReloadConnected = true; });"


@pytest.fixture
def browser_page(browser):
    page = browser.new_page()
    page.add_init_script(CONNECTED)
    yield page
    page.close()


def open_and_wait_for_livereload(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.liveReloadConnected === true", timeout=WAIT_MS)
    time.sleep(1)  # the server registers the tab when the script reports its page


def test_the_open_tab_reloads_on_save_and_shows_errors_until_fixed(tmp_path, browser_page):
    content = copy_fixture("basic", tmp_path / "content")
    server = Served(tmp_path, content, tmp_path / "preview")
    page = browser_page
    try:
        topic = content / "topics" / "sanctions.en.md"
        original = topic.read_text("utf-8")
        open_and_wait_for_livereload(page, server.base + PREFIX + "en/topics/sanctions/")
        assert page.locator("h1").inner_text() == "Sanctions"

        save(topic, original.replace('"Sanctions"', '"Sanctions, revised"'))
        page.wait_for_function("document.querySelector('h1').textContent === 'Sanctions, revised'", timeout=WAIT_MS)

        page.wait_for_function("window.liveReloadConnected === true", timeout=WAIT_MS)
        time.sleep(1)
        save(topic, original.replace('title: "Sanctions"', "title: [a, list]"))
        overlay = page.locator("#sitegen-errors")
        overlay.wait_for(state="visible", timeout=WAIT_MS)
        assert "content/topics/sanctions.en.md:2: title: expected text, got a list" in overlay.inner_text()

        page.wait_for_function("window.liveReloadConnected === true", timeout=WAIT_MS)
        time.sleep(1)
        save(topic, original)
        overlay.wait_for(state="detached", timeout=WAIT_MS)
        assert page.locator("h1").inner_text() == "Sanctions"
    finally:
        server.stop()
