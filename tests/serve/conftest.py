import pytest
from fastapi.testclient import TestClient

from detente.serve.app import create_app
from tests.analysis.conftest import db as analysis_db  # noqa: F401  (the hand-built store)


@pytest.fixture()
def store_path(analysis_db, tmp_path):  # noqa: F811
    # the analysis fixture's store, closed so that the server can open it read-only
    path = analysis_db.execute("SELECT path FROM duckdb_databases() WHERE NOT internal").fetchall()[0][0]
    analysis_db.close()
    return path


@pytest.fixture()
def client(store_path, coder):
    with TestClient(create_app(store_path, coder=coder)) as test_client:
        yield test_client
