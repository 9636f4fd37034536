"""调解协议 and 司法确认 (#18): the lead department records the agreement its mediation reached —
written or oral, each party's confirmation — sends a written one to the court department, whose
handler confirms it; an answer resolved by mediation names its agreement."""
import datetime
import uuid

import requests

from conftest import API, bearer, get_case, register, registration, wait_for_status
from notifications_support import query_code
from notifications_support import status as petitioner_status

URBAN = {"name": "Zhang", "department": "urban"}


def agreement(form="written", **overrides):
    confirmation = "oral" if form == "oral" else "signed"
    body = {
        "form": form, "mediation": "people", "concludedOn": datetime.date.today().isoformat(),
        "terms": f"The square's dance group ends rehearsals at 20:30 and keeps the music below 55 dB ({uuid.uuid4()}).",
        "parties": [{"name": "王秀英", "side": "petitioner", "confirmation": confirmation},
                    {"name": "幸福广场舞队", "side": "other", "confirmation": confirmation}],
    }
    body.update(overrides)
    return body


def handled_case():
    number = register(registration(category="noise")).json()["caseNumber"]  # urban's
    wait_for_status(number, "handling")
    return number


def record(number, body, headers=None):
    return requests.post(f"{API}/cases/{number}/agreements", json=body,
                         headers=headers or bearer("department", **URBAN), timeout=5)


def test_a_written_agreement_confirmed_by_the_court_department(services):
    number = handled_case()
    recorded = record(number, agreement())
    assert recorded.status_code == 201, recorded.text
    written = recorded.json()
    assert (written["form"], written["department"], written["recordedBy"]) == (
        "written", "urban", "department:urban/Zhang")
    assert [p["confirmation"] for p in written["parties"]] == ["signed", "signed"]

    # The market department may not see it; the court may not decide before it is asked.
    market = bearer("department", name="Li", department="market")
    court = bearer("department", name="Chen", department="court")
    sent = f"{API}/cases/{number}/agreements/{written['id']}/judicial-confirmation"
    decide = f"{API}/cases/{number}/agreements/{written['id']}/judicial-decision"
    assert requests.post(sent, json={}, headers=market, timeout=5).status_code == 404
    assert requests.post(decide, json={"decision": "confirmed"}, headers=court, timeout=5).status_code == 404
    assert requests.get(f"{API}/cases/{number}", headers=court, timeout=5).status_code == 404

    requested = requests.post(sent, json={}, headers=bearer("department", **URBAN), timeout=5)
    assert requested.status_code == 200, requested.text
    assert requested.json()["judicialConfirmation"]["court"] == "court"
    again = requests.post(sent, json={}, headers=bearer("department", **URBAN), timeout=5)
    assert again.status_code == 409 and "already" in again.json()["detail"]

    # The court's worklist has it; the court now sees the case and decides, once.
    pending = requests.get(f"{API}/judicial-confirmations", headers=court, timeout=5).json()["items"]
    assert number in [item["caseNumber"] for item in pending]
    assert requests.get(f"{API}/cases/{number}", headers=court, timeout=5).status_code == 200
    assert requests.post(decide, json={"decision": "confirmed"}, headers=market, timeout=5).status_code == 404
    refused_without_reason = requests.post(decide, json={"decision": "refused"}, headers=court, timeout=5)
    assert refused_without_reason.status_code == 422
    assert refused_without_reason.json()["errors"][0]["field"] == "reason"
    decided = requests.post(decide, json={"decision": "confirmed", "reason": "自愿、合法"}, headers=court, timeout=5)
    assert decided.status_code == 200, decided.text
    confirmation = decided.json()["judicialConfirmation"]
    assert (confirmation["decision"], confirmation["decidedBy"]) == ("confirmed", "department:court/Chen")
    assert requests.post(decide, json={"decision": "refused", "reason": "x"}, headers=court,
                         timeout=5).status_code == 409
    assert number not in [item["caseNumber"] for item in
                          requests.get(f"{API}/judicial-confirmations", headers=court, timeout=5).json()["items"]]

    # The answer resolved by mediation names the agreement; the case view shows both.
    urban = bearer("department", **URBAN)
    missing = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "调解成功。"},
                            headers=urban, timeout=5)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "agreementId", missing.text
    stranger = requests.post(f"{API}/cases/{number}/answer", headers=urban, timeout=5, json={
        "outcome": "resolved", "text": "调解成功。", "agreementId": str(uuid.uuid4())})
    assert stranger.status_code == 422 and "not an agreement of this case" in stranger.text
    answered = requests.post(f"{API}/cases/{number}/answer", headers=urban, timeout=5, json={
        "outcome": "resolved", "text": "调解成功。", "agreementId": written["id"]})
    assert answered.status_code == 200, answered.text
    case = get_case(number)
    assert case["answers"][-1]["agreementId"] == written["id"]
    assert case["agreements"][0]["judicialConfirmation"]["decision"] == "confirmed"
    # The petitioner's status page says so too (no names, no terms: the form, the day, the court's word).
    view = petitioner_status(number, query_code(number)).json()
    assert view["agreement"] == {"form": "written", "concludedOn": written["concludedOn"],
                                 "judicialRequested": True, "judicialDecision": "confirmed"}, view


def test_an_oral_agreement_and_the_rules_an_agreement_keeps(services):
    number = handled_case()
    oral = record(number, agreement("oral"))
    assert oral.status_code == 201, oral.text
    # An oral agreement cannot go to court.
    refused = requests.post(f"{API}/cases/{number}/agreements/{oral.json()['id']}/judicial-confirmation", json={},
                            headers=bearer("department", **URBAN), timeout=5)
    assert refused.status_code == 409 and "written" in refused.json()["detail"]

    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    bad = record(number, agreement(
        "written", terms=" ", concludedOn=tomorrow,
        parties=[{"name": "王秀英", "side": "petitioner", "confirmation": "oral"},
                 {"name": " ", "side": "other", "confirmation": "signed"}]))
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"terms", "concludedOn", "parties[0].confirmation", "parties[1].name"} <= fields, bad.text
    one_party = record(number, agreement(parties=[{"name": "王秀英", "side": "petitioner", "confirmation": "signed"}]))
    assert one_party.status_code == 422 and one_party.json()["errors"][0]["field"] == "parties"
    assert record(number, agreement(concludedOn="2026-02-30")).status_code == 422
    # Only the lead department with an open work order records one; another is told nothing.
    assert record(number, agreement(), headers=bearer("department", department="market")).status_code == 404
    # Not once the case is answered.
    urban = bearer("department", **URBAN)
    requests.post(f"{API}/cases/{number}/answer", headers=urban, timeout=5, json={
        "outcome": "partly_resolved", "text": "部分达成。", "agreementId": oral.json()["id"]}).raise_for_status()
    late = record(number, agreement())
    assert late.status_code == 409, late.text
