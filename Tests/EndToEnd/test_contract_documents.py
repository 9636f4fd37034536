"""docs/openapi.yaml and docs/asyncapi.yaml describe what the code really accepts
and emits: both documents are checked, then real requests, responses and
messages captured from the running system are validated against their schemas."""
import json
import uuid

import jsonschema
import pika
import pytest
import requests
import yaml
from openapi_spec_validator import validate as validate_openapi

from conftest import AMQP_URL, API, ROOT, dead_letter, get_case, register, registration, wait_for, wait_for_status

OPENAPI = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
ASYNCAPI = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())
GRID_SCHEMA = json.loads((ROOT / "docs" / "schemas" / "grid-event.v1.schema.json").read_text())


def check(instance, document, name):
    """Validates against components/schemas/<name>, references resolved within the document."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    jsonschema.validate(instance, schema)


def test_the_openapi_document_is_valid_openapi_3_1():
    assert OPENAPI["openapi"] == "3.1.0"
    validate_openapi(OPENAPI)


def test_the_asyncapi_document_is_consistent():
    assert ASYNCAPI["asyncapi"] == "3.0.0"
    channels = ASYNCAPI["channels"]
    for name, operation in ASYNCAPI["operations"].items():
        assert operation["action"] in ("send", "receive"), name
        assert operation["channel"]["$ref"].split("/")[-1] in channels, name
    messages = ASYNCAPI["components"]["messages"]
    for channel in channels.values():
        for message in channel["messages"].values():
            assert message["$ref"].split("/")[-1] in messages
    for message in messages.values():
        ref = message.get("payload", {}).get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            assert ref.split("/")[-1] in ASYNCAPI["components"]["schemas"]
        elif ref:
            assert (ROOT / "docs" / ref).is_file(), ref
    jsonschema.Draft202012Validator.check_schema(GRID_SCHEMA)


def post(path, body, expect=200):
    response = requests.post(f"{API}{path}", json=body, timeout=10)
    assert response.status_code == expect, response.text
    return response.json()


def test_http_requests_and_responses_match_the_openapi_document(services):
    example = json.loads((ROOT / "docs" / "examples" / "registration.json").read_text())
    check(example, OPENAPI, "Registration")
    receipt = register(example).json()
    check(receipt, OPENAPI, "RegistrationReceipt")
    number = receipt["caseNumber"]
    wait_for_status(number, "handling")
    step = {"mediation": "people", "note": "Met both sides."}
    answer = {"outcome": "resolved", "text": "Rehearsals end at 20:30."}
    sign_off = {"decision": "disputed", "channel": "window"}
    for name, body in (("HandlingStep", step), ("Answer", answer), ("SignOff", sign_off)):
        check(body, OPENAPI, name)
    post(f"/cases/{number}/handling-steps", step)
    post(f"/cases/{number}/answer", answer)
    post(f"/cases/{number}/sign-off", sign_off)
    panel = post(f"/cases/{number}/review", {"experts": ["kl-01", "kl-02", "kl-03", "kl-04", "city-01"]}, expect=201)
    check(panel, OPENAPI, "Panel")
    check(requests.get(f"{API}/experts", timeout=5).json()["experts"][0], OPENAPI, "Expert")
    check(get_case(number), OPENAPI, "Case")
    problem = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "x"}, timeout=5)
    assert problem.status_code == 409
    check(problem.json(), OPENAPI, "Problem")
    check(requests.post(f"{API}/cases", json={}, timeout=5).json(), OPENAPI, "Problem")

    # Joint handling, a co-handler's report, an escalation and a clock pause, as the case view shows them.
    joint = register(registration(category="wage-arrears")).json()["caseNumber"]
    wait_for_status(joint, "handling")
    post(f"/cases/{joint}/clock/pause", {"waitingOn": "petitioner", "reason": "Pay slips."})
    post(f"/cases/{joint}/clock/resume", {})
    report = {"department": "labour", "text": "The employer owes three months."}
    check(report, OPENAPI, "CoReport")
    post(f"/cases/{joint}/co-reports", report)
    post(f"/cases/{joint}/escalation", {"reason": "The employer has left the town."})
    wait_for(lambda: len(get_case(joint)["workOrders"]) == 4, message="the district's work orders")
    check(get_case(joint), OPENAPI, "Case")
    triage = OPENAPI["paths"]["/api/v1/triage"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.validate(requests.get(f"{API}/triage", timeout=5).json(), triage)


@pytest.fixture
def tap():
    """An exclusive queue receiving copies of case events and urban's work orders."""
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, "onedoor.events", "#")
    channel.queue_bind(queue, "onedoor.departments", "urban")
    channel.queue_bind(queue, "onedoor.departments", "police")
    yield channel, queue
    connection.close()


def test_messages_on_the_wire_match_the_asyncapi_document(services, tap):
    channel, queue = tap
    # Drive cases so that every kind of event and a work order cross the exchanges.
    disputed = register().json()["caseNumber"]
    wait_for_status(disputed, "handling")
    post(f"/cases/{disputed}/answer", {"outcome": "resolved", "text": "Done."})
    post(f"/cases/{disputed}/sign-off", {"decision": "disputed", "channel": "sms"})
    register(registration(category="domestic-violence"))  # a joint case: police gets a co-handler's work order
    on_spot = register(registration(resolvedOnSpot={"note": "Fixed at the window."})).json()["caseNumber"]
    post(f"/cases/{on_spot}/visits", {"method": "phone", "satisfaction": "unsatisfied",
                                      "handlingComment": "It broke again."}, expect=201)

    schema_for = {"case.registered": "CaseRegistered", "case.disputed": "CaseDisputed",
                  "case.follow-up-due": "CaseFollowUpDue", "case.redispatch": "CaseRedispatch",
                  "urban": "WorkOrder", "police": "WorkOrder", "case.step": "CaseStepped"}
    seen = set()

    def drain():
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return seen >= set(schema_for)
            assert properties.message_id and properties.delivery_mode == 2
            assert properties.content_type == "application/json"
            # Timeline steps are routed by their action (case.step.dispatch, …): one schema.
            key = "case.step" if method.routing_key.startswith("case.step.") else method.routing_key
            check(json.loads(body), ASYNCAPI, schema_for[key])
            seen.add(key)
    wait_for(drain, timeout=30, message=f"every kind of message (seen {seen})")

    # What departments' systems send, as docs/messaging.md shows it.
    for action in (
        {"action": "receive", "caseNumber": disputed, "workOrderId": str(uuid.uuid4()), "departmentCode": "market"},
        {"action": "handling-step", "caseNumber": disputed, "step": {"mediation": "people", "note": "…"}},
        {"action": "answer", "caseNumber": disputed, "answer": {"outcome": "resolved", "text": "…"}},
        {"action": "sign-off", "caseNumber": disputed, "signOff": {"decision": "accepted", "channel": "sms"}},
        {"action": "co-report", "caseNumber": disputed, "report": {"department": "police", "text": "…"}},
        {"action": "escalate", "caseNumber": disputed, "escalation": {"reason": "…"}},
    ):
        check(action, ASYNCAPI, "DepartmentAction")
    with pytest.raises(jsonschema.ValidationError):
        check({"action": "answer", "caseNumber": disputed}, ASYNCAPI, "DepartmentAction")


def test_dead_letter_headers_match_the_asyncapi_document(services, amqp):
    message_id = f"contract-{uuid.uuid4()}"
    amqp.confirm_delivery()
    amqp.basic_publish("onedoor.grid", "grid.contract", b"not json", pika.BasicProperties(
        delivery_mode=2, content_type="application/json", message_id=message_id), mandatory=True)
    properties, _ = dead_letter(amqp, message_id)
    check(properties.headers, ASYNCAPI, "DeadLetterHeaders")


def test_schemathesis_finds_no_undocumented_status_or_server_error(services):
    """Generated requests (valid, invalid, unauthenticated, wrong methods) through the gateway:
    every status answered is documented, no 5xx, content types and headers as documented.
    Left out, as the tool's own opinions rather than our contract: positive_data_acceptance
    (schema-valid bodies are still refused by the centre's rules: unknown cases, illegal
    transitions), use_after_free and ensure_resource_availability (stateful guesses about
    resources this API never deletes), object_level_authorization (needs a second user's
    resources configured; tests/test_access.py covers scopes). The examples phase is skipped:
    the tool fails on its own there (a SystemError in Python's AST while building a strategy);
    coverage and fuzzing run, bounded in examples and time."""
    import os
    import subprocess
    import sys
    from conftest import token
    from conftest import PORTS

    def attempt(*where):
        result = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", str(ROOT / "docs" / "openapi.yaml"), *where,
             "-H", f"Authorization: Bearer {token('admin', name='schemathesis')}",
             "--checks", "all", "--exclude-checks",
             "positive_data_acceptance,use_after_free,ensure_resource_availability,object_level_authorization",
             "--phases", "coverage,fuzzing", "-n", "5", "--max-time", "90", "--workers", "1", "--no-color",
             "--seed", "20261201"],
            capture_output=True, text=True, timeout=300, env=dict(os.environ, SCHEMATHESIS_HOOKS=""))
        failures = result.stdout.find("=== FAILURES")
        summary = (result.stdout[failures:failures + 6000] if failures >= 0 else "") + result.stdout[-3000:]
        return result.returncode, result.stdout, summary

    # The gateway's API; the status page's own operation on its own listener (and the status
    # page restarted after, so its wrong-code counts do not hold up the tests that follow).
    runs = [("--url", API.rsplit("/api/v1", 1)[0], "--exclude-operation-id", "getPetitionerStatus"),
            ("--url", f"http://127.0.0.1:{PORTS['public']}", "--include-operation-id", "getPetitionerStatus")]
    try:
        for where in runs:
            code, output, summary = attempt(*where)
            # The tool sometimes crashes inside itself (a SystemError in Python's AST, reported as a
            # "Runtime Error"): that run says nothing of the API, so it is run once more. Any finding
            # of the tool's checks fails the test at once.
            if code != 0 and "=== FAILURES" not in output and ("SystemError" in output or "Runtime Error" in output):
                code, output, summary = attempt(*where)
            assert "Undocumented status code" not in output, summary
            assert code == 0, summary
    finally:
        services.stop("public")
        services.start("public")
