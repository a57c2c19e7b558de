import pytest

pytestmark = pytest.mark.e2e

def test_probe(page, expect):
    page.goto("/akun/login/")
    print(page.locator("form label").all_inner_texts())
    print(page.get_by_role("textbox").all())
    print(page.accessibility.snapshot() if hasattr(page, "accessibility") else page.locator("main").aria_snapshot())
