"""Least privilege. In the database each service connects as its own role and
may write only the tables it owns (migration 0010); the reports service writes
nothing. On the broker each service has its own user, limited to the queues it
consumes and the exchanges it publishes to, and each outside system its own
login (deploy/rabbitmq/users.sh)."""
import json
import os
import subprocess
import uuid

import pika
import psycopg
import pytest

from conftest import (ROOT, amqp_login, dead_letter, register, registration, service_amqp_url,
                      service_postgres_url, wait_for_status)


@pytest.mark.parametrize("service, statement", [
    ("reports", "INSERT INTO towns (code, name, name_zh) VALUES ('x', 'x', 'x')"),
    ("reports", "UPDATE cases SET status = status WHERE false"),
    ("intake", "UPDATE work_orders SET due_at = due_at WHERE false"),
    ("intake", "INSERT INTO visits (case_id, round) VALUES (gen_random_uuid(), 1)"),
    ("department", "UPDATE review_panels SET conclusion = conclusion WHERE false"),
    ("review", "INSERT INTO work_orders (case_id, department_code, due_at) VALUES (gen_random_uuid(), 'urban', now())"),
    ("followup", "UPDATE answers SET text = text WHERE false"),
    ("routing", "UPDATE routing_rules SET plan = plan WHERE false"),
    ("routing", "DELETE FROM cases WHERE false"),
    ("reports", "SELECT count(*) FROM outbox"),
    # The workbench reads reference names only: cases and sessions go through the services' API.
    ("workbench", "SELECT count(*) FROM cases"),
    ("workbench", "SELECT count(*) FROM staff_sessions"),
    ("workbench", "INSERT INTO towns (code, name, name_zh) VALUES ('x', 'x', 'x')"),
    # The notifier writes its records only; the status page only the petitioner's own steps, and
    # neither reads the staff's accounts.
    ("notifier", "UPDATE cases SET status = status WHERE false"),
    ("notifier", "INSERT INTO case_events (case_id, seq, action, to_status, actor) VALUES (gen_random_uuid(), 1, 'x', 'x', 'x')"),
    ("public", "UPDATE work_orders SET due_at = due_at WHERE false"),
    ("public", "INSERT INTO notifications (case_id, source_message_id, moment, template, language, required) VALUES (gen_random_uuid(), 'x', 'x', 'x', 'x', true)"),
    ("public", "SELECT count(*) FROM staff_sessions"),
    ("public", "SELECT count(*) FROM personal_data_reveals"),
    # Only intake makes query codes.
    ("routing", "INSERT INTO case_query_codes (case_id, code_hash, code_sealed) VALUES (gen_random_uuid(), 'x', 'x')"),
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


def rabbitmqctl(*args):
    """The test instance's rabbitmqctl, as deploy/ runs it."""
    return subprocess.run(["bash", "-c", 'source deploy/lib/common.sh; rabbitmqctl_ "$@"', "rabbitmqctl", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
                          env=dict(os.environ, ONEDOOR_INSTANCE="test")).stdout


def refused(url, attempt):
    """Runs attempt(channel) as the given user; returns the broker's refusal (403) or fails."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        with pytest.raises(pika.exceptions.ChannelClosedByBroker) as closed:
            attempt(channel)
        assert closed.value.reply_code == 403, closed.value
        return closed.value.reply_text
    finally:
        if connection.is_open:
            connection.close()


def publish(exchange, routing_key):
    return lambda channel: channel.basic_publish(exchange, routing_key, b"{}", pika.BasicProperties(
        message_id=str(uuid.uuid4()), content_type="application/json"))


def test_each_service_connects_to_the_broker_as_its_own_user(services):
    users = set(rabbitmqctl("list_connections", "-q", "user").split())
    assert {f"onedoor-{name}" for name in ("intake", "routing", "department", "review", "followup")} <= users


@pytest.mark.parametrize("service, attempt, what", [
    ("intake", lambda channel: channel.basic_get("dept.urban"), "queue 'dept.urban'"),
    ("routing", lambda channel: channel.basic_get("dept.urban"), "queue 'dept.urban'"),
    ("review", lambda channel: channel.basic_get("routing.cases"), "queue 'routing.cases'"),
    ("department", lambda channel: channel.basic_get("intake.grid-events"), "queue 'intake.grid-events'"),
    ("followup", publish("onedoor.departments", "urban"), "exchange 'onedoor.departments'"),
    ("intake", lambda channel: channel.queue_delete("routing.cases"), "queue 'routing.cases'"),
    ("routing", lambda channel: channel.exchange_delete("onedoor.events"), "exchange 'onedoor.events'"),
])
def test_a_service_cannot_touch_what_another_uses(services, service, attempt, what):
    assert what in refused(service_amqp_url(service), attempt)


def test_a_department_reads_its_own_queue_only_and_reports_as_itself_only(services):
    urban = amqp_login("department", "urban")
    assert "dept.market" in refused(urban, lambda channel: channel.basic_get("dept.market"))
    assert "topic 'market.answer'" in refused(urban, publish("onedoor.department-actions", "market.answer"))
    assert "onedoor.events" in refused(urban, publish("onedoor.events", "case.registered"))
    assert "dept.urban" in refused(urban, lambda channel: channel.queue_delete("dept.urban"))


def test_the_grid_login_publishes_grid_events_only(services):
    grid = amqp_login("grid")
    assert "intake.grid-events" in refused(grid, lambda channel: channel.basic_get("intake.grid-events"))
    assert "topic 'kl.x'" in refused(grid, publish("onedoor.grid", "kl.x"))
    assert "onedoor.departments" in refused(grid, publish("onedoor.departments", "urban"))


def test_an_action_for_another_departments_work_order_is_dead_lettered(services, amqp):
    """Even from a login allowed to publish it (the admin's), the routing key must name the holder."""
    number = register(registration()).json()["caseNumber"]
    wait_for_status(number, "handling")
    message_id = f"forged-{uuid.uuid4()}"
    amqp.confirm_delivery()
    amqp.basic_publish("onedoor.department-actions", "market.answer", json.dumps(
        {"action": "answer", "caseNumber": number, "answer": {"outcome": "resolved", "text": "Not ours."}}).encode(),
        pika.BasicProperties(delivery_mode=2, message_id=message_id, content_type="application/json"))
    properties, _ = dead_letter(amqp, message_id)
    assert "department 'market' (routing key) holds no open lead work order" in properties.headers["x-onedoor-reason"]
    assert wait_for_status(number, "handling")["answers"] == []
