"""Register over HTTP → routing → the department's queue → the department records it."""
import uuid

from conftest import register, registration, wait_for_status


def test_a_registration_reaches_its_department_and_every_step_is_on_the_timeline(services, db):
    response = register()
    assert response.status_code == 201, response.text
    number = response.json()["caseNumber"]
    assert response.headers["Location"] == f"/api/v1/cases/{number}"

    case = wait_for_status(number, "handling")
    assert case["department"]["code"] == "urban"
    assert [e["action"] for e in case["timeline"]] == ["register", "dispatch", "receive"]
    assert [e["to"] for e in case["timeline"]] == ["registered", "dispatched", "handling"]
    assert case["timeline"][2]["actor"] == "department:urban/system:onedoor-department"
    assert case["petitioner"]["phone"] == "138****1234"
    [order] = case["workOrders"]
    assert order["department"] == "urban" and order["receivedAt"]
    assert order["dueAt"] > order["dispatchedAt"]

    # The department service recorded the work order from its queue, once.
    row = db.execute(
        "SELECT count(*) FROM inbox WHERE consumer = 'department' AND message_id = %s",
        (f"work-order-{order['id']}",)).fetchone()
    assert row[0] == 1


def test_categories_route_to_their_departments(services):
    # In Shengli street, which has no town offices, the district departments answer (deploy/reference).
    numbers = {}
    for category, department in [("wage-arrears", "labour"), ("neighbour", "justice"), ("consumer", "market")]:
        response = register(registration(category=category, location={"town": "shengli"}))
        assert response.status_code == 201
        numbers[response.json()["caseNumber"]] = department
    for number, department in numbers.items():
        assert wait_for_status(number, "handling")["department"]["code"] == department


def test_the_same_idempotency_key_returns_the_same_case(services, db):
    body = registration()
    key = f"window-3-ticket-{uuid.uuid4()}"
    first = register(body, key=key)
    again = register(body, key=key)
    assert first.status_code == again.status_code == 201
    assert again.json()["caseNumber"] == first.json()["caseNumber"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert db.execute("SELECT count(*) FROM cases WHERE facts = %s", (body["facts"],)).fetchone()[0] == 1

    other = register(registration(), key=key)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"


def test_an_unknown_case_is_a_problem(services):
    import requests
    from conftest import API
    response = requests.get(f"{API}/cases/OD-1999-000001", timeout=5)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "OD-1999-000001" in response.json()["detail"]
