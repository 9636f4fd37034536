"""The documents the centre hands out (#18): 受理回执, 交办单, 答复意见书, 调解协议书,
专家评审意见书 and 回访记录, each with a verification code derived from the case's hash chain —
issued for those who may see the case, checked by the API and by `onedoor-admin document
verify`; a changed code, a changed record and a broken chain do not verify."""
import os
import subprocess

import requests

from conftest import API, BIN, PG_URL, bearer, get_case, wait_for, wait_for_status
from test_agreements import URBAN, agreement, handled_case, record
from test_lifecycle import review, sign, visit

KINDS = ["receipt", "work_order", "answer_letter", "agreement", "panel_opinion", "visit_record"]


def issue(number, kind, n=1, headers=None):
    return requests.get(f"{API}/cases/{number}/documents/{kind}", params={"number": n}, headers=headers, timeout=5)


def check(code):
    response = requests.get(f"{API}/documents/{code}", timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def admin_verify(code):
    return subprocess.run([str(BIN / "onedoor-admin"), "document", "verify", code], capture_output=True, text=True,
                          env=dict(os.environ, ONEDOOR_POSTGRES_URL=PG_URL), timeout=30)


def tampered(code):
    last = code[-1]
    return code[:-1] + ("0" if last != "0" else "1")


def mediated_case_with_every_document():
    """A case answered by a written agreement, disputed, upheld by the panel and visited."""
    number = handled_case()
    written = record(number, agreement()).json()
    urban = bearer("department", **URBAN)
    requests.post(f"{API}/cases/{number}/answer", headers=urban, timeout=5, json={
        "outcome": "resolved", "text": "双方达成书面调解协议。", "agreementId": written["id"]}).raise_for_status()
    sign(number, "disputed")
    assert review(number, ["uphold", "uphold", "uphold", "revise", "uphold"])["conclusion"] == "upheld"
    wait_for_status(number, "follow_up")
    visit(number, "satisfied", "archived")
    return number


def test_each_document_has_a_code_that_verifies_and_a_changed_one_does_not(services):
    number = mediated_case_with_every_document()
    for kind in KINDS:
        issued = issue(number, kind)
        assert issued.status_code == 200, (kind, issued.text)
        code = issued.json()["code"]
        found = check(code)
        assert found["valid"] and (found["caseNumber"], found["kind"], found["number"]) == (number, kind, 1), found
        by_admin = admin_verify(code)
        assert by_admin.returncode == 0 and f"valid — case {number}, {kind} 1" in by_admin.stdout, by_admin
        refused = check(tampered(code))
        assert refused["valid"] is False and refused["reason"], refused
        assert admin_verify(tampered(code)).returncode == 1
    # No second answer letter, no such kind; another department's handler is told nothing.
    assert issue(number, "answer_letter", n=2).status_code == 404
    assert issue(number, "minutes").status_code in (400, 422)
    assert issue(number, "receipt", headers=bearer("department", department="market")).status_code == 404
    assert check("not-a-code")["valid"] is False


def test_a_code_outlives_later_steps_but_not_a_changed_record(services, db):
    number = handled_case()
    receipt = issue(number, "receipt").json()["code"]
    urban = bearer("department", **URBAN)
    requests.post(f"{API}/cases/{number}/answer", headers=urban, timeout=5,
                  json={"outcome": "partly_resolved", "text": "部分解决。"}).raise_for_status()
    letter = issue(number, "answer_letter").json()["code"]
    # Later steps append to the chain: the receipt issued before them still verifies.
    assert check(receipt)["valid"] and check(letter)["valid"]
    # Somebody edits the answer in the database: the letter printed before no longer matches it.
    db.execute("UPDATE answers SET text = '全部解决。' WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)",
               (number,))
    changed = check(letter)
    assert changed["valid"] is False and changed["caseNumber"] == number
    assert check(receipt)["valid"]
    # A row of the timeline rewritten behind the trigger's back breaks the chain: nothing issued
    # at or after it verifies.
    first = "(SELECT id FROM cases WHERE case_number = %s)"
    [reason] = db.execute(f"SELECT reason FROM case_events WHERE seq = 1 AND case_id = {first}", (number,)).fetchone()

    def rewrite(text):
        db.execute("ALTER TABLE case_events DISABLE TRIGGER case_events_append_only")
        try:
            db.execute(f"UPDATE case_events SET reason = %s WHERE seq = 1 AND case_id = {first}", (text, number))
        finally:
            db.execute("ALTER TABLE case_events ENABLE TRIGGER case_events_append_only")

    rewrite("rewritten")
    try:
        broken = check(receipt)
        assert broken["valid"] is False and "timeline was changed" in broken["reason"]
    finally:
        rewrite(reason)  # the whole-database chain check (test_timeline_chain) must find it whole
    assert check(receipt)["valid"]
