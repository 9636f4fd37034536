"""重复信访 at the window: before registering, a clerk finds the petitioner's earlier cases by
phone or ID number, through keyed hashes only; a town clerk sees that town's."""
import random
import uuid

import requests

from conftest import API, register, registration
from test_accounts import new_account, session


def resident_id():
    """A random 18-character resident ID number with a valid check character (GB 11643)."""
    digits = "11010519" + "".join(random.choice("0123456789") for _ in range(9))
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(digits))
    return digits + "10X98765432"[total % 11]


def lookup(body, headers=None):
    return requests.post(f"{API}/petitioner-lookup", json=body, headers=headers or {}, timeout=10)


def test_earlier_cases_are_found_by_phone_or_id_number_before_registering(services):
    phone, id_number = f"137{uuid.uuid4().int % 10**8:08d}", resident_id()
    first = register(registration(petitioner={"name": "赵六", "phone": phone})).json()["caseNumber"]
    second = register(registration(category="labour-contract", location={"town": "xiawa"},
                                   petitioner={"name": "赵六", "phone": "010-1234567", "idNumber": id_number})
                      ).json()["caseNumber"]
    by_phone = lookup({"phone": phone})
    assert by_phone.status_code == 200, by_phone.text
    assert [c["caseNumber"] for c in by_phone.json()["cases"]] == [first]
    assert by_phone.json()["cases"][0]["category"] == "noise" and "petitioner" not in by_phone.json()["cases"][0]
    both = lookup({"phone": phone, "idNumber": id_number}).json()["cases"]
    assert [c["caseNumber"] for c in both] == [second, first]  # newest first
    assert [c["caseNumber"] for c in lookup({"idNumber": id_number.lower()}).json()["cases"]] == [second]
    assert lookup({"phone": "+86 " + phone}).json()["cases"][0]["caseNumber"] == first
    assert lookup({"phone": f"136{uuid.uuid4().int % 10**8:08d}"}).json()["cases"] == []

    town_clerk = session(*new_account("clerk", town="xiawa"))
    assert [c["caseNumber"] for c in lookup({"phone": phone, "idNumber": id_number}, town_clerk).json()["cases"]] \
        == [second]
    handler = session(*new_account("department", department="urban"))
    assert lookup({"phone": phone}, handler).status_code == 403


def test_a_lookup_names_what_is_wrong(services):
    assert lookup({}).json()["errors"][0]["field"] == "phone"
    bad = lookup({"phone": "一二三四五六七", "idNumber": "123"})
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"phone", "idNumber"}
