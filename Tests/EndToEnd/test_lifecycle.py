"""The whole loop through the real services and queues (Changyi's six steps):
every path of the lifecycle issue, and its refusals over HTTP and AMQP."""
import json
import uuid
from datetime import datetime, timedelta

import pika
import requests

from conftest import API, bearer, dead_letter, get_case, register, registration, wait_for, wait_for_status

PANEL = ["kl-01", "kl-02", "kl-03", "kl-04", "city-01"]


def post(path, body, expect=200, headers=None):
    response = requests.post(f"{API}{path}", json=body, timeout=10, headers=headers)
    assert response.status_code == expect, f"{path}: {response.status_code} {response.text}"
    return response.json()


def handling_case(**overrides):
    number = register(registration(**overrides)).json()["caseNumber"]
    wait_for_status(number, "handling")
    return number


def answer(number, outcome="resolved"):
    post(f"/cases/{number}/handling-steps", {"mediation": "people", "note": "Talked to both sides."})
    return post(f"/cases/{number}/answer", {"outcome": outcome, "text": "Rehearsals end at 20:30.",
                                            "reasons": "Noise rules for residential areas."})


def sign(number, decision):
    return post(f"/cases/{number}/sign-off", {"decision": decision, "channel": "window"})


def visit(number, satisfaction, expect_status):
    comment = "Still noisy after 21:00." if satisfaction == "unsatisfied" else "Quiet now."
    result = post(f"/cases/{number}/visits", {"method": "phone", "satisfaction": satisfaction,
                                              "handlingComment": comment, "conductComment": "Polite."}, expect=201)
    assert result["status"] == expect_status
    return result


def review(number, verdicts):
    panel = post(f"/cases/{number}/review", {"experts": PANEL}, expect=201)
    assert get_case(number)["status"] == "under_review"
    for expert, verdict in zip(PANEL, verdicts):
        panel = post(f"/panels/{panel['panelId']}/opinions", {
            "expert": expert, "verdict": verdict, "reasonable": verdict == "uphold", "lawful": True,
            "reasons": f"{expert} finds the answer {'sound' if verdict == 'uphold' else 'lacking'}."},
            headers=bearer("expert", expert=expert))
    return panel


def actions(number):
    return [e["action"] for e in get_case(number)["timeline"]]


def test_accepted_then_visited_then_archived(services):
    number = handling_case()
    case = get_case(number)
    [order] = case["workOrders"]
    dispatched = datetime.fromisoformat(order["dispatchedAt"])
    assert datetime.fromisoformat(case["dueAt"]) - dispatched == timedelta(days=15)
    assert case["holder"] == "department:urban"

    answer(number)
    assert get_case(number)["holder"] == "petitioner"
    sign(number, "accepted")
    wait_for(lambda: get_case(number)["visits"], message="a scheduled visit")
    visit(number, "satisfied", "archived")

    case = get_case(number)
    assert case["status"] == "archived" and "holder" not in case
    assert actions(number) == ["register", "dispatch", "receive", "answer", "accept", "archive"]
    assert case["answers"][0]["signOff"] == "accepted" and case["answers"][0]["signOffChannel"] == "window"
    assert case["handlingSteps"][0]["mediation"] == "people"
    [scheduled] = case["visits"]
    assert scheduled["satisfaction"] == "satisfied" and scheduled["method"] == "phone"


def test_disputed_then_review_upheld_then_archived(services):
    number = handling_case()
    answer(number)
    sign(number, "disputed")
    panel = review(number, ["uphold", "uphold", "uphold", "revise", "revise"])
    assert panel["conclusion"] == "upheld"
    wait_for_status(number, "follow_up")
    visit(number, "satisfied", "archived")
    assert actions(number) == ["register", "dispatch", "receive", "answer", "dispute", "open_review",
                               "uphold_answer", "archive"]
    case = get_case(number)
    [shown] = case["reviewPanels"]
    assert shown["conclusion"] == "upheld" and len(shown["members"]) == 5
    assert all(m["reasons"] for m in shown["members"])


def test_disputed_then_revised_then_answered_again_then_archived(services):
    number = handling_case()
    answer(number)
    sign(number, "disputed")
    assert review(number, ["uphold", "uphold", "revise", "revise", "revise"])["conclusion"] == "revised"
    # Back to the department: a second work order with a new due date.
    case = wait_for_status(number, "handling")
    assert [o["round"] for o in case["workOrders"]] == [1, 2]
    first, second = case["workOrders"]
    assert second["dispatchedAt"] >= first["answeredAt"]
    due = datetime.fromisoformat(second["dueAt"]) - datetime.fromisoformat(second["dispatchedAt"])
    assert due == timedelta(days=15) and case["dueAt"] == second["dueAt"]
    answer(number, outcome="partly_resolved")
    sign(number, "accepted")
    visit(number, "basically_satisfied", "archived")
    assert actions(number) == ["register", "dispatch", "receive", "answer", "dispute", "open_review",
                               "revise_answer", "receive", "answer", "accept", "archive"]


def test_unsatisfied_visit_then_rectified_then_satisfied(services):
    number = handling_case()
    answer(number)
    sign(number, "accepted")
    visit(number, "unsatisfied", "dispatched")
    case = wait_for_status(number, "handling")
    assert len(case["workOrders"]) == 2
    answer(number)
    sign(number, "accepted")
    visit(number, "satisfied", "archived")
    assert actions(number) == ["register", "dispatch", "receive", "answer", "accept", "rectify", "receive",
                               "answer", "accept", "archive"]
    assert [v["satisfaction"] for v in get_case(number)["visits"]] == ["unsatisfied", "satisfied"]


def test_resolved_on_the_spot_goes_straight_to_follow_up(services):
    response = register(registration(resolvedOnSpot={"note": "Street light reported and fixed the same day."},
                                      category="street-lights"))
    assert response.status_code == 201 and response.json()["status"] == "follow_up"
    number = response.json()["caseNumber"]
    wait_for(lambda: get_case(number)["visits"], message="a scheduled visit")
    visit(number, "satisfied", "archived")
    case = get_case(number)
    assert case["resolvedOnSpot"] is True and case["workOrders"] == []
    assert actions(number) == ["register_resolved_on_spot", "archive"]


def test_withdrawal_at_an_open_stage_is_recorded_and_ends_the_case(services):
    number = handling_case()
    result = post(f"/cases/{number}/withdrawal", {"reason": "Settled privately with the neighbours."})
    assert result["status"] == "withdrawn"
    event = get_case(number)["timeline"][-1]
    # The clerk wrote down the petitioner's word (the token's person, here the tests' admin).
    assert (event["action"], event["actor"], event["reason"]) == (
        "withdraw", "admin:e2e", "on the petitioner's word: Settled privately with the neighbours.")
    refused = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "x"}, timeout=5)
    assert refused.status_code == 409
    assert "withdrawn" in refused.json()["detail"]
    assert requests.post(f"{API}/cases/{number}/withdrawal", json={"reason": "again"}, timeout=5).status_code == 409


def test_review_after_the_window_is_refused(services):
    number = handling_case()
    answer(number)
    sign(number, "disputed")
    services.stop("review")
    services.start("review", ONEDOOR_REVIEW_WINDOW_DAYS="0")
    try:
        refused = requests.post(f"{API}/cases/{number}/review", json={"experts": PANEL}, timeout=5)
    finally:
        services.stop("review")
        services.start("review")
    assert refused.status_code == 409
    assert "review window closed" in refused.json()["detail"]
    assert get_case(number)["status"] == "disputed"


def test_review_panel_choices_are_checked(services):
    number = handling_case()
    answer(number)
    sign(number, "disputed")

    def refused(experts):
        response = requests.post(f"{API}/cases/{number}/review", json={"experts": experts}, timeout=5)
        assert response.status_code == 422, response.text
        return " | ".join(e["problem"] for e in response.json()["errors"])

    assert "at least 5" in refused(PANEL[:4])
    assert "chosen more than once: kl-01" in refused(PANEL[:4] + ["kl-01"])
    assert "unknown experts: nobody" in refused(PANEL[:4] + ["nobody"])
    assert "not active: city-05" in refused(PANEL[:4] + ["city-05"])
    # kl-05 heads urban management, whose answer is under review.
    assert "conflict of interest" in refused(PANEL[:4] + ["kl-05"])
    assert get_case(number)["status"] == "disputed"
    # Other towns' and the city's pools are open to the petitioner.
    post(f"/cases/{number}/review", {"experts": ["kl-01", "xw-01", "xw-02", "city-01", "city-02"]}, expect=201)


def test_illegal_transitions_are_refused_over_http(services):
    number = handling_case()
    answer(number)
    sign(number, "accepted")
    # Review of an accepted answer.
    response = requests.post(f"{API}/cases/{number}/review", json={"experts": PANEL}, timeout=5)
    assert response.status_code == 409 and "cannot open_review" in response.json()["detail"]
    visit(number, "satisfied", "archived")
    # An answer on an archived case.
    response = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "late"}, timeout=5)
    assert response.status_code == 409
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "archived" in response.json()["detail"]
    assert get_case(number)["status"] == "archived"


def test_bad_action_bodies_name_the_field(services):
    number = handling_case()
    response = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "maybe", "text": "x"}, timeout=5)
    assert response.status_code == 422
    [problem] = response.json()["errors"]
    assert problem["field"] == "outcome" and "resolved, partly_resolved" in problem["problem"]
    response = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "not_supported", "text": "No."},
                             timeout=5)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reasons"
    response = requests.post(f"{API}/cases/{number}/sign-off", json={}, timeout=5)
    assert [e["field"] for e in response.json()["errors"]] == ["decision", "channel"]
    assert requests.post(f"{API}/cases/OD-1999-000009/answer", json={"outcome": "resolved", "text": "x"},
                         timeout=5).status_code == 404


def publish_action(channel, routing_key, body):
    message_id = f"dept-action-{uuid.uuid4()}"
    channel.confirm_delivery()
    channel.basic_publish("onedoor.department-actions", routing_key, json.dumps(body).encode(),
                          pika.BasicProperties(delivery_mode=2, message_id=message_id,
                                               content_type="application/json"), mandatory=True)
    return message_id


def test_a_departments_own_system_acts_over_amqp_under_the_same_rules(services, amqp):
    number = handling_case()
    publish_action(amqp, "urban.handling-step", {"action": "handling-step", "caseNumber": number,
                                                 "step": {"mediation": "administrative", "note": "Site visit."}})
    publish_action(amqp, "urban.answer", {"action": "answer", "caseNumber": number,
                                          "answer": {"outcome": "resolved", "text": "Fixed."}})
    wait_for_status(number, "answered")
    assert get_case(number)["handlingSteps"][0]["mediation"] == "administrative"

    # The same refusal as HTTP: answering an answered case is illegal; the message is dead-lettered.
    refused = publish_action(amqp, "urban.answer", {"action": "answer", "caseNumber": number,
                                                    "answer": {"outcome": "resolved", "text": "Again."}})
    properties, _ = dead_letter(amqp, refused)
    assert "illegal transition" in properties.headers["x-onedoor-reason"]
    unknown = publish_action(amqp, "urban.answer", {"action": "shrug", "caseNumber": number})
    properties, _ = dead_letter(amqp, unknown)
    assert "unknown action 'shrug'" in properties.headers["x-onedoor-reason"]

    publish_action(amqp, "urban.sign-off", {"action": "sign-off", "caseNumber": number,
                                            "signOff": {"decision": "accepted", "channel": "sms"}})
    wait_for_status(number, "follow_up")
