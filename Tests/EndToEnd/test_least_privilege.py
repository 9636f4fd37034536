"""Least privilege in the database: each service connects as its own role and
may write only the tables it owns (migration 0010); the reports service writes
nothing."""
import psycopg
import pytest

from conftest import service_postgres_url


@pytest.mark.parametrize("service, statement", [
    ("reports", "INSERT INTO towns (code, name, name_zh) VALUES ('x', 'x', 'x')"),
    ("reports", "UPDATE cases SET status = status WHERE false"),
    ("intake", "UPDATE work_orders SET due_at = due_at WHERE false"),
    ("intake", "INSERT INTO visits (case_id, round) VALUES (gen_random_uuid(), 1)"),
    ("department", "UPDATE review_panels SET conclusion = conclusion WHERE false"),
    ("review", "INSERT INTO work_orders (case_id, department_code, due_at) VALUES (gen_random_uuid(), 'urban', now())"),
    ("followup", "UPDATE answers SET text = text WHERE false"),
    ("routing", "UPDATE routing_rules SET plan = plan WHERE false"),
    ("routing", "DELETE FROM outbox WHERE false"),
])
def test_a_service_cannot_write_what_another_owns(services, service, statement):
    with psycopg.connect(service_postgres_url(service), autocommit=True) as db:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute(statement)


def test_each_service_runs_as_its_own_role(services):
    with psycopg.connect(service_postgres_url("reports"), autocommit=True) as db:
        sessions = {row[0] for row in db.execute(
            "SELECT usename FROM pg_stat_activity WHERE datname = current_database()").fetchall()}
    assert {f"onedoor_{name}" for name in ("intake", "routing", "department", "review", "followup", "reports")} \
        <= sessions
