"""Property-based API testing with schemathesis against /api/v1/openapi.json, authenticated as a member.

Every operation gets generated inputs (valid and invalid); no response may be a server error or break the
documented response schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from peercircle.accounts.services import api_token_create
from peercircle.core.testing.factories import UserFactory

pytestmark = pytest.mark.slow


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
