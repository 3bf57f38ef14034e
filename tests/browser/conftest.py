"""Browser tests: Playwright driving Debian's Chromium against the live server.

They must run in CI: a missing Chromium fails them, it never skips them."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / ".artifacts" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"Chromium is required for the browser tests ({CHROMIUM}); "
        "install it with `apt-get install -y chromium`."
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """A page factory; any Content Security Policy violation reported in the console
    of a page fails the test (the CSP allows no inline script or style)."""
    contexts = []
    violations = []

    def watch(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url')}: {message.text}")

    def make(viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_violations():
    """Serious and critical WCAG A/AA violations on the page, by axe-core (vendored)."""
    source = AXE.read_text()

    def check(page) -> list[dict]:
        # Evaluated through the DevTools protocol: the page's CSP blocks inline tags.
        page.evaluate(source)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})"
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check


PORTAL_PASSWORD = "rahasia-kuat-2026"  # the factories' password


def sign_in(page, base: str, username: str, password: str = PORTAL_PASSWORD) -> None:
    """Sign in on the portal's sign-in page, as a person would."""
    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


# A page tested at both widths: `@BOTH_WIDTHS` gives `viewport` and `size`.
BOTH_WIDTHS = pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)


def check_page(page, screenshot, axe_violations, name: str, width: int) -> None:
    """Screenshot the page, then: no sideways scrolling, no serious axe violation."""
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name
