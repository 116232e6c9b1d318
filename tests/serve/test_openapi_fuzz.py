"""schemathesis generates requests from the OpenAPI spec (valid and invalid values for every
parameter and body) and sends them to the app: no request may produce a server error, and every
error is our JSON shape."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from detente.serve.app import create_app

EXAMPLES = 40


def test_no_request_makes_a_server_error(store_path, coder):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store_path, coder=coder))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    seen = []
    for operation, mode in [(op, mode) for op in operations for mode in GenerationMode]:
        if mode is GenerationMode.NEGATIVE and not _has_inputs(operation):
            continue

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call()
            seen.append((case.method, response.status_code))
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            if response.status_code >= 400:
                assert set(response.json()) == {"error"}, response.text[:300]
        try:
            check()
        except Unsatisfiable:
            # every value of a free-text parameter is valid: no invalid request exists to send
            assert mode is GenerationMode.NEGATIVE, operation.label
    assert len(seen) > len(operations) * 5 and any(status == 200 for _, status in seen)
    assert any(status == 422 for _, status in seen)        # invalid values were sent and refused


def _has_inputs(operation) -> bool:
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))
