"""Crashes, restarts and bad messages: nothing lost, nothing doubled, nothing blocking."""
import json
import os
import subprocess
import uuid

import pika
import pytest
import requests

from conftest import ROOT, dead_letter, get_case, register, registration, wait_for, wait_for_status


def counts(db, number):
    case_id = db.execute("SELECT id FROM cases WHERE case_number = %s", (number,)).fetchone()[0]
    orders = db.execute("SELECT count(*) FROM work_orders WHERE case_id = %s", (case_id,)).fetchone()[0]
    actions = [r[0] for r in db.execute(
        "SELECT action FROM case_events WHERE case_id = %s ORDER BY seq", (case_id,)).fetchall()]
    return orders, actions


def test_routing_killed_between_commit_and_ack_neither_loses_nor_doubles(services, db):
    services.stop("routing")
    services.start("routing", ONEDOOR_FAULT="crash-after-commit:routing")
    number = register().json()["caseNumber"]

    # The routing process commits the dispatch, then dies (SIGKILL) before its ack.
    assert services.wait_exit("routing") == -9
    orders, actions = counts(db, number)
    assert orders == 1 and actions[:2] == ["register", "dispatch"]

    # Restarted, it gets the unacked message again; the inbox makes that a no-op.
    services.start("routing")
    wait_for_status(number, "handling")
    orders, actions = counts(db, number)
    assert orders == 1
    assert actions == ["register", "dispatch", "receive"]


def test_department_killed_between_commit_and_ack_records_the_work_order_once(services, db):
    services.stop("department")
    services.start("department", ONEDOOR_FAULT="crash-after-commit:department")
    number = register().json()["caseNumber"]
    assert services.wait_exit("department") == -9
    services.start("department")
    case = wait_for_status(number, "handling")
    assert [e["action"] for e in case["timeline"]] == ["register", "dispatch", "receive"]
    orders, _ = counts(db, number)
    assert orders == 1


def test_intake_killed_after_commit_then_retried_with_the_same_key_gives_one_case(services, db):
    services.stop("intake")
    services.start("intake", ONEDOOR_FAULT="crash-after-commit:intake-register")
    body = registration()
    key = f"retry-{uuid.uuid4()}"
    # Through the gateway the client gets a 503 problem (retry), not a dropped connection.
    lost = register(body, key=key)
    assert lost.status_code == 503
    assert lost.headers["Content-Type"] == "application/problem+json"
    assert services.wait_exit("intake") == -9

    services.start("intake")
    retried = register(body, key=key)
    assert retried.status_code == 201
    assert retried.headers.get("Idempotent-Replayed") == "true"
    number = retried.json()["caseNumber"]
    assert db.execute("SELECT count(*) FROM cases WHERE facts = %s", (body["facts"],)).fetchone()[0] == 1
    # The outbox row committed before the crash still reaches routing and the department.
    wait_for_status(number, "handling")


def publish(channel, exchange, routing_key, body, **properties):
    channel.confirm_delivery()
    channel.basic_publish(exchange, routing_key, body, pika.BasicProperties(delivery_mode=2, **properties),
                          mandatory=True)


def test_a_bad_message_is_dead_lettered_with_its_reason_and_the_queue_keeps_flowing(services, amqp):
    bad_ids = {f"garbage-{uuid.uuid4()}": b"this is not json",
               f"wrong-shape-{uuid.uuid4()}": json.dumps({"caseId": 7}).encode(),
               f"unknown-case-{uuid.uuid4()}": json.dumps({
                   "caseId": str(uuid.uuid4()), "caseNumber": "OD-0000-000000", "category": "noise",
                   "channel": "visit", "town": "t", "registeredAt": "2026-11-23T10:00:00Z"}).encode()}
    for message_id, body in bad_ids.items():
        publish(amqp, "onedoor.events", "case.registered", body, message_id=message_id,
                content_type="application/json", type="case.registered")

    number = register().json()["caseNumber"]
    wait_for_status(number, "handling")

    reasons = {}
    for message_id, body in bad_ids.items():
        properties, parked = dead_letter(amqp, message_id)
        assert parked == body
        assert properties.headers["x-original-exchange"] == "onedoor.events"
        assert properties.headers["x-original-routing-key"] == "case.registered"
        assert properties.headers["x-onedoor-consumer"] == "routing"
        assert properties.headers["x-dead-lettered-at"].startswith("20")
        reasons[message_id.split("-")[0]] = properties.headers["x-onedoor-reason"]
    assert "invalid body" in reasons["garbage"]
    assert "caseId" in reasons["wrong"]
    assert "no case" in reasons["unknown"]


def servers(command):
    env = dict(os.environ, ONEDOOR_INSTANCE="test")
    subprocess.run([str(ROOT / "deploy" / "servers"), command], check=True, env=env, timeout=300)


def test_services_resume_after_rabbitmq_restarts(services):
    consumers = ("routing", "department", "review", "followup")
    before = {name: log_count(name, "consuming") for name in consumers}
    servers("restart-rabbitmq")
    # Every consumer noticed the broker going away and reconnected by itself.
    for name in consumers:
        wait_for(lambda: log_count(name, "consuming") > before[name], timeout=90,
                 message=f"{name} to reconnect")
    for name in ("intake",) + consumers:
        services.wait_healthy(name, timeout=90)
    number = register().json()["caseNumber"]
    wait_for_status(number, "handling", timeout=60)


def test_a_database_outage_is_retried_not_dead_lettered(services, amqp):
    # Capture a real work order: the department is down while routing sends it.
    services.stop("department")
    number = register().json()["caseNumber"]
    wait_for_status(number, "dispatched")
    method, properties, body = wait_for(
        lambda: (m := amqp.basic_get("dept.urban", auto_ack=True))[0] is not None and m, message="a work order")
    assert json.loads(body)["caseNumber"] == number

    # The department consumes while the database is down: the work order arrives then.
    services.start("department")
    servers("stop-postgres")
    try:
        publish(amqp, "onedoor.departments", "urban", body, message_id=properties.message_id,
                content_type=properties.content_type, type=properties.type)
        wait_for(lambda: log_says("department", f"messageId={properties.message_id}", "transient failure"),
                 timeout=30, message="the department to meet the outage")
    finally:
        servers("start-postgres")

    # Retried until the database is back, then processed once; never dead-lettered.
    case = wait_for_status(number, "handling", timeout=60)
    assert [e["action"] for e in case["timeline"]] == ["register", "dispatch", "receive"]
    with pytest.raises(AssertionError):
        dead_letter(amqp, properties.message_id, timeout=2)
    for name in ("intake", "routing", "department"):
        services.wait_healthy(name)


def log_says(name, *fragments):
    from conftest import STATE
    lines = (STATE / "logs" / f"e2e-{name}.log").read_text(errors="replace").splitlines()
    return any(all(f in line for f in fragments) for line in lines)


def log_count(name, fragment):
    from conftest import STATE
    return (STATE / "logs" / f"e2e-{name}.log").read_text(errors="replace").count(fragment)
