"""Revealing a petitioner's contact is an audited act, and reads of a case by people are on the
audit too (docs/access.md); an admin reads the audit."""
import uuid

import requests

from conftest import API, STATE, get_case, register, registration, wait_for
from test_accounts import new_account, session


def reveal(headers, number, reason="回访需要电话联系"):
    return requests.post(f"{API}/cases/{number}/petitioner-contact", json={"reason": reason}, headers=headers,
                         timeout=10)


def test_a_follow_up_caller_reveals_the_phone_with_a_reason_and_the_audit_says_so(services):
    phone = f"139{uuid.uuid4().int % 10**8:08d}"
    number = register(registration(petitioner={"name": "王秀英", "phone": phone})).json()["caseNumber"]
    login, password = new_account("followup", name="孙丽")
    caller = session(login, password)
    assert phone not in str(get_case(number))  # the case view masks it
    opened = reveal(caller, number)
    assert opened.status_code == 200, opened.text
    assert opened.json() == {"caseNumber": number, "name": "王秀英", "phone": phone}
    assert requests.get(f"{API}/cases/{number}", headers=caller, timeout=5).status_code == 200
    missing = reveal(caller, number, reason=" ")
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"

    audit = requests.get(f"{API}/audit", params={"case": number}, timeout=5)
    assert audit.status_code == 200, audit.text
    entries = audit.json()["entries"]
    reveals = [e for e in entries if e["kind"] == "reveal"]
    assert [(e["actor"], e["reason"]) for e in reveals] == [(f"followup:{login}", "回访需要电话联系")]
    assert any(e["kind"] == "read" and e["actor"] == f"followup:{login}" for e in entries)
    assert all(e["client"] for e in entries)
    by_staff = requests.get(f"{API}/audit", params={"staff": login}, timeout=5).json()["entries"]
    assert by_staff and all(e["actor"].endswith(login) for e in by_staff)
    assert requests.get(f"{API}/audit", headers=caller, timeout=5).status_code == 403
    bad = requests.get(f"{API}/audit", params={"from": "yesterday"}, timeout=5)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "from"
    # The clear phone is in no service's log.
    for log in (STATE / "logs").glob("e2e-*.log"):
        assert phone not in log.read_text(errors="replace"), log.name


def test_only_those_who_may_see_the_case_may_reveal(services):
    number = register(registration()).json()["caseNumber"]  # kenli-street, urban management
    wait_for(lambda: get_case(number)["workOrders"], message="dispatch")
    town = session(*new_account("followup", town="xiawa"))
    assert reveal(town, number).status_code == 404
    labour = session(*new_account("department", department="labour"))
    assert reveal(labour, number).status_code == 404
    urban = session(*new_account("department", department="urban"))
    assert reveal(urban, number).status_code == 200
    expert = session(*new_account("expert", expert="kl-01"))
    assert reveal(expert, number).status_code == 403


def test_a_phone_sealed_under_another_identity_key_is_refused_not_revealed(services, db):
    import base64
    import os
    number = register(registration()).json()["caseNumber"]
    foreign = "v1:" + base64.b64encode(os.urandom(40)).decode()
    db.execute("UPDATE cases SET petitioner_phone = %s WHERE case_number = %s", (foreign, number))
    answer = reveal(session(*new_account("followup")), number)
    assert answer.status_code == 409 and "identity key" in answer.json()["detail"], answer.text
    entries = requests.get(f"{API}/audit", params={"case": number}, timeout=5).json()["entries"]
    assert [e for e in entries if e["kind"] == "reveal"] == []
