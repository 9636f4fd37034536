"""The record of a dispute in the reports (#18): 人次, parties involved, the amount involved,
collective petitions, agreements written and oral, and judicial confirmations — equal to hand
counts of what the tests registered, in the summary and its CSV; a closed period unchanged."""
import csv
import datetime
import io

import requests

from conftest import API, bearer, register, registration, wait_for_status
from test_reports import this_month

FILTER = {"town": "xiawa", "category": "culture-venues"}  # only this test registers this kind there
CULTURE = {"name": "Sun", "department": "culture"}


def summary(period=None, **params):
    response = requests.get(f"{API}/reports/summary", params={"period": period or this_month(), **FILTER, **params},
                            timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["totals"]


def last_month():
    first = datetime.date.today().replace(day=1)
    return (first - datetime.timedelta(days=1)).strftime("%Y-%m")


def case(**overrides):
    number = register(registration(category="culture-venues", location={"town": "xiawa"}, **overrides)).json()
    wait_for_status(number["caseNumber"], "handling")
    return number["caseNumber"]


def agree(number, form):
    confirmation = "oral" if form == "oral" else "signed"
    response = requests.post(f"{API}/cases/{number}/agreements", headers=bearer("department", **CULTURE), timeout=5,
                             json={"form": form, "terms": "剧场退还押金。", "concludedOn": datetime.date.today().isoformat(),
                                   "parties": [{"name": "甲", "side": "petitioner", "confirmation": confirmation},
                                               {"name": "乙", "side": "other", "confirmation": confirmation}]})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_the_new_figures_equal_hand_counts(services):
    before, closed = summary(), summary(last_month())

    collective = case(
        collective={"people": 12, "representatives": [{"name": "赵敏", "phone": "13700002222"}]},
        otherParties=[{"kind": "organisation", "role": "respondent", "name": "某剧场"},
                      {"kind": "person", "role": "third_party", "name": "钱某"}],
        amountInvolved=36000.5)
    plain = case(otherParties=[{"kind": "organisation", "role": "respondent", "name": "某影城"}])
    written = agree(collective, "written")
    agree(plain, "oral")
    requests.post(f"{API}/cases/{collective}/agreements/{written}/judicial-confirmation", json={},
                  headers=bearer("department", **CULTURE), timeout=5).raise_for_status()
    requests.post(f"{API}/cases/{collective}/agreements/{written}/judicial-decision", json={"decision": "confirmed"},
                  headers=bearer("department", name="Chen", department="court"), timeout=5).raise_for_status()

    after = summary()
    grew = {key: after[key] - before[key] for key in after}
    # By hand: 12 people and 1; with the 3 other parties, 16; one collective petition.
    assert grew["received"] == 2 and grew["people"] == 13 and grew["partiesInvolved"] == 16
    assert round(grew["amountInvolved"], 2) == 36000.5 and grew["collectivePetitions"] == 1
    assert (grew["agreementsWritten"], grew["agreementsOral"]) == (1, 1)
    assert (grew["judicialConfirmations"], grew["judicialRefused"]) == (1, 0)
    assert summary(last_month()) == closed  # a closed period never changes

    table = requests.get(f"{API}/reports/summary", params={"period": this_month(), **FILTER, "format": "csv"},
                         timeout=10).text
    rows = {(row["section"], row["key"]): row["received_or_value"] for row in csv.DictReader(io.StringIO(table))}
    for key in ("people", "partiesInvolved", "collectivePetitions", "agreementsWritten", "agreementsOral",
                "judicialConfirmations"):
        assert int(rows[("total", key)]) == after[key], key
    assert float(rows[("total", "amountInvolved")]) == after["amountInvolved"]
