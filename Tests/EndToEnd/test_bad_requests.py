"""Every bad request gets a 4xx with a problem+json body that names the field."""
import pytest
import requests

from conftest import API, registration


def post(data, content_type="application/json"):
    return requests.post(f"{API}/cases", data=data, headers={"Content-Type": content_type}, timeout=5)


@pytest.mark.parametrize("body, status, fields", [
    ("{not json", 400, None),
    ("[1, 2]", 400, None),
    ("{}", 422, ["channel", "petitioner", "facts", "demand", "category", "location"]),
])
def test_malformed_bodies(services, body, status, fields):
    response = post(body)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["detail"]
    if fields:
        assert [e["field"] for e in problem["errors"]] == fields


@pytest.mark.parametrize("change, field", [
    ({"channel": "fax"}, "channel"),
    ({"petitioner": {"name": "", "phone": "13800001234"}}, "petitioner.name"),
    ({"petitioner": {"name": "Li"}}, "petitioner.phone"),
    ({"petitioner": {"name": "Li", "phone": "call me"}}, "petitioner.phone"),
    ({"facts": 42}, "facts"),
    ({"category": "no-such-category"}, "category"),
    ({"location": {"community": "x"}}, "location.town"),
])
def test_invalid_fields_are_named(services, change, field):
    import json
    response = post(json.dumps(registration(**change)))
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_wrong_content_type_and_oversized_bodies(services):
    assert post("x", content_type="text/plain").status_code == 415
    response = post("{" + " " * 70_000 + "}")
    assert response.status_code == 413
    assert response.json()["title"] == "Content Too Large"
