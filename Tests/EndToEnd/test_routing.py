"""Routing in depth (docs/routing.md): rules by category and place, triage for a
human dispatcher, the judicial channel, joint handling, escalation up the tiers,
clock pauses, repeat petitions, and the reference data an operator applies."""
import json
import os
import subprocess
import uuid

import pika
import requests

from test_everyones_worklist import every
from conftest import API, BIN, ROOT, PG_URL, AMQP_URL, bearer, dead_letter, get_case, register, registration, wait_for, \
    wait_for_status
from test_lifecycle import actions, post, publish_action

SAMPLE = ROOT / "deploy" / "reference" / "sample-district.yaml"


def routed(number, status="handling"):
    case = wait_for_status(number, status)
    return case


def lead_orders(case):
    return [(o["department"], o["role"], o["tier"]) for o in case["workOrders"] if o.get("closedAt") is None]


def test_a_neighbour_dispute_starts_in_its_community_and_a_noise_complaint_with_the_district(services):
    xingfu = register(registration(category="neighbour")).json()["caseNumber"]
    case = routed(xingfu)
    assert case["department"]["code"] == "xingfu-committee"
    assert case["routing"]["tier"] == "community" and case["routing"]["plan"]["mode"] == "assisted"
    assert [s["lead"] for s in case["routing"]["plan"]["ladder"]] == ["xingfu-committee", "kl-justice", "justice"]
    dispatch = case["timeline"][1]
    assert dispatch["action"] == "dispatch" and "rule neighbourhood@xingfu" in dispatch["reason"]

    noise = routed(register(registration(category="noise")).json()["caseNumber"])
    assert noise["department"]["code"] == "urban" and noise["routing"]["tier"] == "district"


def test_a_matter_with_no_rule_waits_in_triage_until_a_dispatcher_routes_it(services):
    number = register(registration(category="petition-other")).json()["caseNumber"]
    case = routed(number, "triage")
    assert case["holder"] == "dispatcher" and case["workOrders"] == []
    listed = every("/triage", key="cases")  # oldest first: the new case is on the last page
    mine = [c for c in listed if c["caseNumber"] == number]
    assert mine and "no routing rule for category 'petition-other'" in mine[0]["reason"]

    # A bad plan is refused with the field at fault, and nothing changes.
    bad = requests.post(f"{API}/cases/{number}/dispatch", json={
        "dispatcher": "Li Na", "mode": "joint", "ladder": [{"tier": "town", "lead": "xw-justice"}]}, timeout=5)
    assert bad.status_code == 422, bad.text
    fields = {e["field"]: e["problem"] for e in bad.json()["errors"]}
    assert "joint handling needs at least one co-handler" in fields["ladder[0].co"]
    assert "serves xiawa only" in fields["ladder[0].lead"]
    missing = requests.post(f"{API}/cases/{number}/dispatch", json={"dispatcher": "Li Na"}, timeout=5)
    assert missing.status_code == 422 and {e["field"] for e in missing.json()["errors"]} >= {"mode", "ladder"}
    assert get_case(number)["status"] == "triage"

    # The dispatcher on the record is the token's person; a name in the body is ignored.
    done = requests.post(f"{API}/cases/{number}/dispatch", json={
        "dispatcher": "Forged Name", "mode": "assisted", "note": "A housing-estate matter for the petition bureau.",
        "ladder": [{"tier": "town", "lead": "kl-centre"}, {"tier": "district", "lead": "petition"}]},
        headers=bearer("supervisor", name="Li Na"), timeout=5)
    assert done.status_code == 200 and done.json()["status"] == "dispatched", done.text
    case = routed(number)
    assert case["department"]["code"] == "kl-centre"
    assert case["routing"]["plan"]["source"] == "dispatcher supervisor:Li Na"
    assert case["timeline"][-2]["actor"] == "supervisor:Li Na"
    assert "Forged" not in str(case)
    again = requests.post(f"{API}/cases/{number}/dispatch", json={
        "dispatcher": "Li Na", "mode": "assisted", "ladder": [{"tier": "district", "lead": "petition"}]}, timeout=5)
    assert again.status_code == 409 and "only cases in triage" in again.json()["detail"]


def test_an_unknown_place_goes_to_triage_never_a_default(services):
    number = register(registration(location={"town": "atlantis"})).json()["caseNumber"]
    case = routed(number, "triage")
    assert "unknown place: no town 'atlantis'" in case["timeline"][-1]["reason"]


def test_a_matter_for_the_courts_is_redirected_to_the_judicial_channel(services):
    number = register(registration(category="litigation")).json()["caseNumber"]
    case = routed(number, "redirected")
    assert "holder" not in case and case["workOrders"] == []  # closed: nobody holds it
    assert case["timeline"][-1]["action"] == "redirect_to_judicial"
    assert "judicial channel (court)" in case["timeline"][-1]["reason"]
    withdrawn = requests.post(f"{API}/cases/{number}/withdrawal", json={"reason": "x"}, timeout=5)
    assert withdrawn.status_code == 409


def test_a_joint_case_is_answered_by_the_lead_only_after_every_co_handler_reported(services):
    number = register(registration(category="domestic-violence")).json()["caseNumber"]
    case = routed(number)
    assert sorted(lead_orders(case)) == [("police", "co", "district"), ("women", "lead", "district")]
    lead, co = (next(o for o in case["workOrders"] if o["role"] == r) for r in ("lead", "co"))
    assert co["dueAt"] < lead["dueAt"]  # the co-handler reports first (coDueDays: 5)

    refused = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Done."},
                            timeout=5)
    assert refused.status_code == 409 and "waiting for the co-handlers' reports: police" in refused.json()["detail"]
    stranger = requests.post(f"{API}/cases/{number}/co-reports", json={"department": "urban", "text": "?"},
                             timeout=5)
    assert stranger.status_code == 409
    post(f"/cases/{number}/co-reports", {"department": "police", "text": "Warning issued to the husband."})
    twice = requests.post(f"{API}/cases/{number}/co-reports", json={"department": "police", "text": "Again."},
                          timeout=5)
    assert twice.status_code == 409
    assert post(f"/cases/{number}/answer", {"outcome": "resolved", "text": "Protection order and mediation."})[
        "status"] == "answered"
    case = get_case(number)
    assert [r["department"] for r in case["coReports"]] == ["police"]


def test_escalation_climbs_the_ladder_on_request_and_stops_at_the_top(services):
    number = register(registration(category="neighbour")).json()["caseNumber"]
    routed(number)
    missing = requests.post(f"{API}/cases/{number}/escalation", json={}, timeout=5)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"
    handler = bearer("department", name="王伟", department="xingfu-committee")
    escalated = requests.post(f"{API}/cases/{number}/escalation",
                              json={"reason": "The parties refuse community mediation."}, headers=handler, timeout=5)
    assert escalated.status_code == 200, escalated.text
    case = wait_for(lambda: (c := get_case(number))["status"] == "handling" and c["routing"]["tier"] == "town" and c,
                    message="the town's work order")
    assert case["department"]["code"] == "kl-justice"
    orders = {o["department"]: o for o in case["workOrders"]}
    assert orders["xingfu-committee"]["closeReason"] == "escalated to town"
    assert "closedAt" not in orders["kl-justice"] and orders["kl-justice"]["tier"] == "town"
    assert case["escalations"][0]["fromTier"] == "community" and case["escalations"][0]["trigger"] == "request"
    move = [e for e in case["timeline"] if e["action"] == "escalate"][0]
    assert move["actor"] == "department:xingfu-committee/王伟"
    assert "community → town (lead kl-justice), requested: The parties refuse" in move["reason"]

    post(f"/cases/{number}/escalation", {"reason": "Needs the district's justice bureau."})
    wait_for(lambda: get_case(number)["routing"]["tier"] == "district", message="the district")
    wait_for_status(number, "handling")
    top = requests.post(f"{API}/cases/{number}/escalation", json={"reason": "Higher still."}, timeout=5)
    assert top.status_code == 409 and "top of its ladder" in top.json()["detail"]
    assert actions(number).count("escalate") == 2


def test_a_departments_own_system_asks_to_escalate_over_amqp(services, amqp):
    number = register(registration(category="neighbour", location={"town": "xiawa"})).json()["caseNumber"]
    assert routed(number)["department"]["code"] == "xw-justice"
    publish_action(amqp, "xw-justice.escalate", {"action": "escalate", "caseNumber": number,
                                                 "escalation": {"reason": "Two villages involved."}})
    wait_for(lambda: get_case(number)["routing"]["tier"] == "district", message="escalation over AMQP")
    refused = publish_action(amqp, "justice.escalate", {"action": "escalate", "caseNumber": number,
                                                        "escalation": {"reason": "Again."}})
    properties, _ = dead_letter(amqp, refused)
    reason = properties.headers["x-onedoor-reason"]
    assert "top of its ladder" in reason or "illegal transition" in reason


def resident_id():
    """A fresh, valid 18-character resident ID number (GB 11643 check character)."""
    body = "110105" + "19" + f"{uuid.uuid4().int % 10**9:09d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def test_a_repeat_petition_is_linked_without_storing_the_id_number(services, db):
    id_number = resident_id()
    petitioner = {"name": "张建国", "phone": "139" + str(uuid.uuid4().int)[:8], "idNumber": id_number}
    first = register(registration(category="parking", petitioner=petitioner)).json()["caseNumber"]
    # Same person (same ID, another phone), same category: a repeat of the first.
    second = register(registration(category="parking", petitioner={**petitioner, "phone": "137" + str(uuid.uuid4().int)[:8]})).json()[
        "caseNumber"]
    # Same phone without the ID: still recognised (linked to the latest case with that phone).
    third = register(registration(category="parking", petitioner={
        "name": "张建国", "phone": petitioner["phone"]})).json()["caseNumber"]
    other = register(registration(category="noise", petitioner=petitioner)).json()["caseNumber"]
    assert get_case(first).get("repeatOf") is None
    assert get_case(second)["repeatOf"] == first
    assert get_case(third)["repeatOf"] == first
    assert get_case(other).get("repeatOf") is None
    assert f"repeat of {first}" in get_case(second)["timeline"][0]["reason"]
    assert "idNumber" not in get_case(second)["petitioner"]
    stored = db.execute("SELECT count(*) FROM cases WHERE petitioner_id_hash IS NOT NULL AND "
                        "cases::text LIKE %s", (f"%{id_number[:17]}%",)).fetchone()[0]
    assert stored == 0
    broken = id_number[:17] + ("0" if id_number[17] != "0" else "1")
    bad = register(registration(petitioner={**petitioner, "idNumber": broken}))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "petitioner.idNumber"


def admin(*args):
    env = dict(os.environ, ONEDOOR_POSTGRES_URL=PG_URL, ONEDOOR_AMQP_URL=AMQP_URL)
    return subprocess.run([str(BIN / "onedoor-admin"), "reference", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_reference_data_is_validated_applied_and_versioned(services, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text().replace("lead: health, co: [justice]", "lead: health, co: [justise]"))
    before = admin("history").stdout.strip().splitlines()
    refused = admin("apply", str(bad))
    assert refused.returncode == 1
    assert "rules[16].ladder[0].co[0]: unknown department 'justise'" in refused.stderr
    assert refused.stderr.splitlines()[1].split(": ")[1].startswith("line ")
    assert admin("history").stdout.strip().splitlines() == before

    assert "unchanged" in admin("apply", str(SAMPLE)).stdout
    edited = tmp_path / "edited.yaml"
    edited.write_text(SAMPLE.read_text().replace(
        "departments:\n", "departments:\n  - {code: water, name: Water authority, nameZh: 水务局, tier: district}\n"))
    applied = admin("apply", "--actor", "e2e", str(edited))
    assert applied.returncode == 0 and "applied version" in applied.stdout, applied.stderr
    history = admin("history").stdout.strip().splitlines()
    assert len(history) == len(before) + 1 and "\te2e\t" in history[-1]
    # The new department's queue exists at once, before any service restarts.
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    connection.channel().queue_declare("dept.water", passive=True)
    connection.close()
    # Back to the sample: the water authority is kept for the record but inactive.
    assert "applied version" in admin("apply", str(SAMPLE)).stdout
    with __import__("psycopg").connect(PG_URL) as db:
        assert db.execute("SELECT active FROM departments WHERE code = 'water'").fetchone() == (False,)
