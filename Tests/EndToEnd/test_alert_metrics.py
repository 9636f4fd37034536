"""What the alerts watch (deploy/prometheus/alerts.yml) is on each service's /metrics: the
outbox backlog per producer, broker reconnects per consumer, and the overdue and flagged work
orders per department — with the values the database holds."""
import re

import pytest
import requests

from conftest import AMQP_URL, PORTS, get_case, register, registration, wait_for, wait_for_status


def metric(service, name, **labels):
    """The value of one series on the service's /metrics, or None."""
    text = requests.get(f"http://127.0.0.1:{PORTS[service]}/metrics", timeout=5).text
    for line in text.splitlines():
        match = re.match(rf"{name}\{{(.*)\}} (\S+)$", line)
        if match and all(f'{key}="{value}"' in match.group(1) for key, value in labels.items()):
            return float(match.group(2))
    return None


@pytest.fixture
def fast_routing(services):
    services.stop("routing")
    services.start("routing", ONEDOOR_SUPERVISION_INTERVAL_SECONDS="1")
    yield
    services.stop("routing")
    services.start("routing")


def answers(service):
    try:
        return requests.get(f"http://127.0.0.1:{PORTS[service]}/metrics", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_the_outbox_backlog_is_measured_per_producer(services):
    # With the broker refusing intake's login, what intake registers waits in the outbox: counted.
    services.stop("intake")
    services.start("intake", wait=False, ONEDOOR_AMQP_URL=AMQP_URL.replace("//onedoor:", "//onedoor:wrong-", 1))
    try:
        wait_for(lambda: answers("intake"), timeout=60, message="intake answering without its broker")
        for _ in range(2):
            assert register(registration()).status_code == 201
        wait_for(lambda: (metric("intake", "onedoor_outbox_backlog", producer="intake") or 0) >= 2, timeout=30,
                 message="intake's backlog of 2 on /metrics")
    finally:
        services.stop("intake")
        services.start("intake")
    # Measured every 10 s: with the broker back, the relay sends them and the backlog drains.
    wait_for(lambda: metric("intake", "onedoor_outbox_backlog", producer="intake") == 0, timeout=40,
             message="intake's outbox backlog on /metrics, drained")
    assert metric("routing", "onedoor_outbox_backlog", producer="routing") is not None


def test_overdue_and_flagged_work_orders_are_counted_per_department(fast_routing, db):
    number = register(registration()).json()["caseNumber"]
    wait_for_status(number, "handling")
    order = get_case(number)["workOrders"][0]["id"]
    expected = lambda: db.execute(  # noqa: E731 — the same count the gauge reports
        "SELECT count(*) FROM work_orders WHERE department_code = 'urban' AND answered_at IS NULL "
        "AND closed_at IS NULL AND due_at < now()").fetchone()[0]
    db.execute("UPDATE work_orders SET due_at = now() - interval '5 days' WHERE id = %s", (order,))
    wait_for(lambda: metric("routing", "onedoor_work_orders_overdue", department="urban") == expected(),
             timeout=20, message="urban's overdue count on routing's /metrics")
    assert metric("routing", "onedoor_work_orders_overdue", department="urban") >= 1
    # The scheduler issues the notice and, ONEDOOR_FLAG_AFTER_SECONDS later, the flag; the gauge follows.
    assert metric("routing", "onedoor_work_orders_flagged", department="labour") is not None
    assert metric("routing", "onedoor_work_orders_overdue", department="atlantis") is None
