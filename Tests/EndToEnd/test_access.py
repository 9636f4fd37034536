"""Staff authentication and roles (docs/access.md): without a valid token the API
answers 401; a role outside the route's, or another expert's opinion, answers
403; a case or panel outside the caller's scope answers 404, as one that does
not exist would (no existence oracle); each refusal is logged."""
import subprocess

import pytest
import requests

from conftest import API, BIN, STATE, bearer, get_case, register, registration, token, wait_for, wait_for_status

NONE = {"Authorization": None}


def test_no_token_or_a_bad_one_is_401_with_a_problem_body(services):
    for headers in (NONE, {"Authorization": "Bearer not.a.token"}, {"Authorization": "Basic YWRtaW46YWRtaW4="}):
        response = requests.get(f"{API}/cases/OD-2026-000001", headers=headers, timeout=5)
        assert response.status_code == 401, headers
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    # A token signed with another secret is refused too.
    forged = subprocess.run([str(BIN / "onedoor-admin"), "token", "issue", "--role", "admin", "--name", "mallory"],
                            capture_output=True, text=True, env={"ONEDOOR_AUTH_SECRET": "x" * 40}, check=True)
    assert requests.get(f"{API}/triage", headers={"Authorization": f"Bearer {forged.stdout.strip()}"},
                        timeout=5).status_code == 401
    expired = subprocess.run([str(BIN / "onedoor-admin"), "token", "issue", "--role", "admin", "--name", "x",
                              "--hours", "0"], capture_output=True, text=True)
    assert expired.returncode != 0 and "--hours" in expired.stderr
    # Health and metrics stay open to the operator's probes.
    assert requests.get(f"{API.rsplit('/api', 1)[0]}/healthz", headers=NONE, timeout=5).status_code == 200


@pytest.mark.parametrize("role, method, path, body", [
    ("department", "post", "/cases", {}),
    ("expert", "post", "/cases", {}),
    ("clerk", "get", "/triage", None),
    ("clerk", "get", "/reports/summary?period=2026-11", None),
    ("department", "get", "/reports/summary?period=2026-11", None),
    ("supervisor", "post", "/cases/OD-2026-000001/answer", {"outcome": "resolved", "text": "x"}),
    ("clerk", "post", "/cases/OD-2026-000001/answer", {"outcome": "resolved", "text": "x"}),
    ("expert", "get", "/cases?text=噪音", None),
    ("clerk", "get", "/supervision", None),
    ("department", "get", "/visits/due", None),
    ("followup", "get", "/experts/kl-01/panels", None),
    ("supervisor", "get", "/registrations", None),
    ("admin", "get", "/registrations", None),
])
def test_a_role_outside_the_route_is_403(services, role, method, path, body):
    claims = {"department": "urban"} if role == "department" else {"expert": "kl-01"} if role == "expert" else {}
    response = requests.request(method, f"{API}{path}", json=body, headers=bearer(role, **claims), timeout=5)
    assert response.status_code == 403, response.text
    assert f"a {role} may not do this" in response.json()["detail"]


def test_a_department_acts_on_its_own_work_orders_only(services):
    number = register(registration(category="noise"), key=None).json()["caseNumber"]  # urban
    wait_for_status(number, "handling")
    urban, market = bearer("department", name="Zhang", department="urban"), bearer("department", department="market")
    unknown = requests.get(f"{API}/cases/OD-2000-999999", headers=market, timeout=5)
    hidden = requests.get(f"{API}/cases/{number}", headers=market, timeout=5)
    assert (hidden.status_code, unknown.status_code) == (404, 404)
    assert hidden.json()["detail"] == f"no case {number}"
    refused = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Not ours."},
                            headers=market, timeout=5)
    assert refused.status_code == 404 and refused.json()["detail"] == f"no case {number}"
    assert requests.get(f"{API}/departments/market/supervision", headers=urban, timeout=5).status_code == 403
    assert requests.get(f"{API}/cases/{number}", headers=urban, timeout=5).status_code == 200
    step = requests.post(f"{API}/cases/{number}/handling-steps", json={"note": "Visited the square."},
                         headers=urban, timeout=5)
    assert step.status_code == 200
    answered = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Done."},
                             headers=urban, timeout=5)
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    # The loser of a race (here: a second answer after the first) is told of the conflict, not refused.
    again = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Twice."},
                          headers=urban, timeout=5)
    assert again.status_code == 409, again.text
    # A sign-off is the petitioner's word: another department may not record it for an answer
    # not its own; the window (or the answering department) may, and is on the record as such.
    refused = requests.post(f"{API}/cases/{number}/sign-off", json={"decision": "accepted", "channel": "window"},
                            headers=bearer("department", name="Li", department="market"), timeout=5)
    assert refused.status_code == 404 and refused.json()["detail"] == f"no case {number}"
    assert requests.post(f"{API}/cases/{number}/sign-off", json={"decision": "accepted", "channel": "window"},
                         headers=bearer("clerk", name="李娜"), timeout=5).status_code == 200
    signed = get_case(number)["timeline"][-1]
    assert (signed["action"], signed["actor"]) == ("accept", "clerk:李娜")
    assert signed["reason"] == "on the petitioner's word, via window: accepted"


def test_an_expert_gives_only_their_own_opinion_on_their_own_panels(services):
    number = register(registration()).json()["caseNumber"]
    wait_for_status(number, "handling")
    requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Done."}, timeout=5)
    requests.post(f"{API}/cases/{number}/sign-off", json={"decision": "disputed", "channel": "window"}, timeout=5)
    panel = requests.post(f"{API}/cases/{number}/review", json={"experts": ["kl-01", "kl-02", "kl-03", "kl-04",
                                                                           "city-01"]},
                          headers=bearer("clerk"), timeout=5).json()
    opinion = {"expert": "kl-02", "verdict": "uphold", "reasonable": True, "lawful": True, "reasons": "Sound."}
    as_kl01 = bearer("expert", expert="kl-01")
    impostor = requests.post(f"{API}/panels/{panel['panelId']}/opinions", json=opinion, headers=as_kl01, timeout=5)
    assert impostor.status_code == 403
    own = requests.post(f"{API}/panels/{panel['panelId']}/opinions", json={**opinion, "expert": "kl-01"},
                        headers=as_kl01, timeout=5)
    assert own.status_code == 200
    outsider = bearer("expert", expert="xw-01")
    assert requests.get(f"{API}/panels/{panel['panelId']}", headers=outsider, timeout=5).status_code == 404
    # An admin may not cast an expert's opinion.
    admin = requests.post(f"{API}/panels/{panel['panelId']}/opinions", json=opinion, headers=bearer("admin"),
                          timeout=5)
    assert admin.status_code == 403 and "admin may not do this" in admin.json()["detail"]
    assert requests.get(f"{API}/panels/{panel['panelId']}", headers=as_kl01, timeout=5).status_code == 200


def test_refusals_are_logged_with_who_and_why(services):
    requests.get(f"{API}/triage", headers=bearer("clerk", name="Refused Clerk"), timeout=5)

    def logged():
        text = (STATE / "logs" / "e2e-routing.log").read_text(errors="replace")
        return "access refused" in text and "clerk:Refused Clerk" in text and "/api/v1/triage" in text
    wait_for(logged, timeout=10, message="the refusal in the routing log")
