"""No endpoint answers 500 to malformed input: every API operation in the OpenAPI schema gets bad bodies."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from peercircle.core.testing import logged_in

pytestmark = pytest.mark.django_db

MALFORMED_BODIES = [
    b"{not json",
    b"[]",
    b'"a string"',
    b"null",
    b'{"handle": {"nested": [1, 2, {"deep": null}]}}',
    b"\xff\xfe\x00binary",
    ('{"text": "' + "x" * 200_000 + '"}').encode(),
]


def _operations() -> list[tuple[str, str]]:
    schema = Client().get("/api/v1/openapi.json").json()
    ops = []
    for path, methods in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "999999", path)
        for method in methods:
            ops.append((method.upper(), concrete))
    return ops


def test_schema_has_operations():
    assert len(_operations()) >= 10


@pytest.mark.parametrize("body", MALFORMED_BODIES, ids=lambda b: repr(b[:20]))
def test_no_operation_answers_500_to_malformed_bodies(member, body):
    client = logged_in(member)
    client.raise_request_exception = False
    for method, path in _operations():
        response = client.generic(method, path, data=body, content_type="application/json")
        assert response.status_code < 500, (method, path, response.status_code, response.content[:300])
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            assert "error" in response.json(), (method, path)


def test_anonymous_malformed_requests_never_500():
    client = Client(raise_request_exception=False)
    for method, path in _operations():
        response = client.generic(method, path, data=b"{bad", content_type="application/json")
        assert response.status_code < 500, (method, path)


def test_pages_refuse_malformed_posts_without_500(member):
    client = logged_in(member)
    client.raise_request_exception = False
    for path in [
        "/accounts/profile/",
        "/accounts/signup/",
        "/notifications/settings/",
        "/accounts/peer-supporter/",
    ]:
        response = client.post(path, data=b"\xff\xfe{{", content_type="application/octet-stream")
        assert response.status_code < 500, path
        response = client.post(path, {"capacity": "lots", "languages": "zz", "topics": ["nope"] * 50})
        assert response.status_code < 500, path


def test_ids_beyond_the_database_range_are_not_found_not_500(member):
    client = logged_in(member)
    client.raise_request_exception = False
    huge = str(2**70)
    paths = set()
    for method, path in _operations():
        if "999999" in path and method == "GET":
            paths.add(path.replace("999999", huge))
    for path in sorted(paths):
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
    for page in ["/conversations/" + huge + "/", "/stories/" + huge + "/", "/goals/" + huge + "/"]:
        assert client.get(page).status_code == 404, page
