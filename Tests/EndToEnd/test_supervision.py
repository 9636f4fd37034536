"""督办: reminders, supervision notices and flagged supervision — each exactly once,
even with two routing replicas ticking every second; a paused clock does not fire."""
import subprocess
import time

import pytest
import requests

from conftest import API, BIN, STATE, bearer, get_case, register, registration, wait_for, wait_for_status

FAST = {"ONEDOOR_SUPERVISION_INTERVAL_SECONDS": "1", "ONEDOOR_FLAG_AFTER_SECONDS": "4",
        "ONEDOOR_REMINDER_LEAD_SECONDS": "120"}


@pytest.fixture(scope="module")
def two_routers(services):
    """The routing service and a second replica, both ticking every second."""
    services.stop("routing")
    services.start("routing", **FAST)
    log = open(STATE / "logs" / "e2e-routing-replica.log", "ab")
    replica = subprocess.Popen([str(BIN / "onedoor-routing")], stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True,
                               env=services.env({**FAST, "ONEDOOR_ROUTING_PORT": "18096"}, "routing"))
    wait_for(lambda: _healthy(18096), timeout=60, message="the routing replica")
    yield
    replica.terminate()
    assert replica.wait(timeout=15) == 0
    services.stop("routing")
    services.start("routing")


def _healthy(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def open_case(db, due_in_seconds, **overrides):
    number = register(registration(**overrides)).json()["caseNumber"]
    wait_for_status(number, "handling")
    db.execute("UPDATE work_orders SET due_at = now() + make_interval(secs => %s) "
               "WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)", (due_in_seconds, number))
    return number


def levels(db, number):
    return [r[0] for r in db.execute(
        "SELECT level FROM supervision_records s JOIN cases c ON c.id = s.case_id "
        "WHERE c.case_number = %s ORDER BY s.id", (number,)).fetchall()]


def test_an_overdue_work_order_gets_a_notice_then_flagged_supervision_exactly_once(two_routers, db):
    number = open_case(db, -1)
    wait_for(lambda: "flagged" in levels(db, number), timeout=30, message="flagged supervision")
    time.sleep(3)  # several more ticks of both replicas
    assert levels(db, number) == ["notice", "flagged"]
    shown = get_case(number)["supervision"]
    assert [s["level"] for s in shown] == ["notice", "flagged"] and shown[0]["department"] == "urban"
    listed = requests.get(f"{API}/departments/urban/supervision", params={"level": "flagged"}, timeout=5).json()
    assert number in [r["caseNumber"] for r in listed["records"]]
    assert {r["level"] for r in listed["records"]} == {"flagged"}


def test_a_reminder_comes_before_the_due_time(two_routers, db):
    number = open_case(db, 60)
    wait_for(lambda: levels(db, number), timeout=30, message="a reminder")
    time.sleep(3)
    assert levels(db, number) == ["reminder"]


def test_a_paused_clock_does_not_fire(two_routers, db):
    # Answered: the department's clock stops while the case waits on the petitioner.
    number = open_case(db, 300)
    requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Done."}, timeout=5)
    db.execute("UPDATE work_orders SET due_at = now() - interval '1 hour' "
               "WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)", (number,))
    time.sleep(4)
    assert levels(db, number) == []


def test_a_clock_paused_for_the_petitioner_does_not_fire_and_resuming_moves_the_due_time(two_routers, db):
    number = open_case(db, 300)
    paused = requests.post(f"{API}/cases/{number}/clock/pause",
                           json={"waitingOn": "petitioner", "reason": "Waiting for the lease contract."},
                           headers=bearer("department", name="Zhang", department="urban"), timeout=5)
    assert paused.status_code == 200, paused.text
    again = requests.post(f"{API}/cases/{number}/clock/pause",
                          json={"waitingOn": "petitioner", "reason": "Twice."}, timeout=5)
    assert again.status_code == 409
    db.execute("UPDATE work_orders SET due_at = now() - interval '1 hour' "
               "WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)", (number,))
    time.sleep(4)  # several ticks of both replicas, past due and past the flag delay
    assert levels(db, number) == []
    before = get_case(number)["dueAt"]
    assert requests.post(f"{API}/cases/{number}/clock/resume", json={}, timeout=5).status_code == 200
    case = get_case(number)
    assert case["dueAt"] > before  # moved on by the paused time
    pause = case["clockPauses"][0]
    assert pause["waitingOn"] == "petitioner" and pause["actor"] == "department:urban/Zhang" and pause["endedAt"]
    assert requests.post(f"{API}/cases/{number}/clock/resume", json={}, timeout=5).status_code == 409
    bad = requests.post(f"{API}/cases/{number}/clock/pause", json={"waitingOn": "weather", "reason": "x"}, timeout=5)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "waitingOn"


def test_an_overdue_lead_is_escalated_by_rule_exactly_once(two_routers, db):
    # 吹哨报到 by rule: neighbourhood matters in Xingfu escalate when the lead is flagged.
    number = open_case(db, -1, category="neighbour")
    case = wait_for(lambda: (c := get_case(number))["escalations"] and c, timeout=30, message="the escalation")
    wait_for(lambda: get_case(number)["department"]["code"] == "kl-justice", message="the town's work order")
    time.sleep(3)  # both replicas keep ticking; the new order is not yet due
    case = get_case(number)
    assert [(e["fromTier"], e["toTier"], e["trigger"]) for e in case["escalations"]] == [
        ("community", "town", "overdue")]
    assert [e["action"] for e in case["timeline"]].count("escalate") == 1
    assert db.execute("SELECT count(*) FROM work_orders w JOIN cases c ON c.id = w.case_id "
                      "WHERE c.case_number = %s AND w.department_code = 'kl-justice'", (number,)).fetchone()[0] == 1
    # A case whose rule does not say so is only flagged (noise: no escalation by rule).
    other = open_case(db, -1)
    wait_for(lambda: "flagged" in levels(db, other), timeout=30, message="flagged supervision")
    time.sleep(2)
    assert get_case(other).get("escalations") == []


def test_supervision_queries_refuse_bad_input(services):
    assert requests.get(f"{API}/departments/urban/supervision", params={"level": "loud"},
                        timeout=5).status_code == 422
    response = requests.get(f"{API}/departments/nowhere/supervision", timeout=5)
    assert response.status_code == 404 and response.headers["Content-Type"] == "application/problem+json"
