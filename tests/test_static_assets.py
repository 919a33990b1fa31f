"""The stylesheets and scripts that the admin and simulator pages link (kept in static/) are served,
with the right type, from the app's own origin (CSP `default-src 'self'`)."""

from __future__ import annotations

import re

import pytest

ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
TYPES = {".css": "text/css", ".js": "text/javascript"}


@pytest.mark.parametrize("page", ["/admin/login", "/simulator", "/cancelar/not-a-token"])
def test_every_linked_asset_is_served(client, page: str) -> None:  # type: ignore[no-untyped-def]
    """Each asset URL of the page answers 200 with its content type."""
    html = client.get(page).get_data(as_text=True)
    assets = ASSET.findall(html)
    assert assets, f"{page} links no stylesheet or script"
    for url in assets:
        assert url.startswith("/"), f"{url} is not on our origin"
        response = client.get(url)
        assert response.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert response.mimetype == TYPES[suffix]
        assert response.get_data()
        response.close()
