"""Property-based API testing with schemathesis against /api/v1/openapi.json, authenticated as a member.

Every operation gets generated inputs (valid and invalid); no response may be a server error or break the
documented response schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from peercircle.accounts.services import api_token_create
from peercircle.core.testing.factories import UserFactory

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Schemathesis calls the WSGI app directly, which fires Django's request signals; their
    close_old_connections would close the test transaction's connection on PostgreSQL (Django's own test
    client disconnects it the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def member_token(db, settings) -> str:
    settings.RATELIMIT_ENABLE = False
    user = UserFactory(handle="fuzzer")
    _token, raw = api_token_create(user=user, name="schemathesis")
    return raw


# Loading the schema needs no database: the schema view reads only the router definitions.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_errors_and_matches_its_schema(case, member_token, db):
    response = case.call(headers={"Authorization": f"Bearer {member_token}"})
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
    case.validate_response(response, checks=[response_schema_conformance])
