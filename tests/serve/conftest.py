import pytest
from fastapi.testclient import TestClient

from detente.serve.app import create_app
from tests.analysis.conftest import db, store_path  # noqa: F401  (the hand-built store)


@pytest.fixture()
def client(store_path, coder):  # noqa: F811
    with TestClient(create_app(store_path, coder=coder)) as test_client:
        yield test_client
