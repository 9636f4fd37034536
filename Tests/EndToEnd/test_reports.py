"""Reports and the dashboard (docs/reports.md): figures over the HTTP entry
point in JSON and CSV, filters, refusals, and the dashboard page rendered by a
real headless browser (Debian's chromium) showing the same totals as the API."""
import csv
import io
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
import requests

from conftest import API, GATEWAY, get_case, register, registration, token, wait_for, wait_for_status
from test_contract_documents import OPENAPI, check
from test_lifecycle import post

SHANGHAI = timezone(timedelta(hours=8))
FILTER = {"town": "shengli", "category": "sports-venues"}  # only these tests register this kind


def this_month():
    return datetime.now(SHANGHAI).strftime("%Y-%m")


def summary(**params):
    response = requests.get(f"{API}/reports/summary", params={"period": this_month(), **FILTER, **params}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def reported_cases(services):
    """Two cases of a kind no other test uses: one carried to the archive, one still being handled."""
    before = summary()["totals"]
    done = register(registration(category="sports-venues", location={"town": "shengli"})).json()["caseNumber"]
    wait_for_status(done, "handling")
    post(f"/cases/{done}/answer", {"outcome": "resolved", "text": "The stadium reopened the courts."})
    post(f"/cases/{done}/sign-off", {"decision": "accepted", "channel": "window"})
    wait_for(lambda: get_case(done)["visits"], message="a scheduled visit")
    post(f"/cases/{done}/visits", {"method": "phone", "satisfaction": "satisfied"}, expect=201)
    open_case = register(registration(category="sports-venues", location={"town": "shengli"},
                                      channel="phone")).json()["caseNumber"]
    wait_for_status(open_case, "handling")
    return before


def test_the_summary_counts_each_figure_by_its_definition(reported_cases):
    before = reported_cases
    report = summary()
    totals = report["totals"]
    assert totals["received"] - before["received"] == 2
    assert totals["resolved"] - before["resolved"] == 1
    assert totals["answered"] - before["answered"] == 1
    assert totals["answeredOnTime"] - before["answeredOnTime"] == 1
    assert totals["visits"] - before["visits"] == 1 and totals["satisfied"] - before["satisfied"] == 1
    assert report["rates"]["resolution"] == round(totals["resolved"] / totals["received"], 4)
    assert report["period"]["label"] == this_month()
    assert [row["code"] for row in report["byTown"]] == ["shengli"]
    assert report["byCategory"][0]["code"] == "culture-tourism" and report["byCategory"][0]["name"] == "文化旅游"
    assert {row["code"] for row in report["byChannel"]} >= {"visit", "phone"}
    # The department filter: cases first dispatched to culture.
    assert summary(department="culture")["totals"]["received"] == totals["received"]
    assert summary(department="urban")["totals"]["received"] == 0
    phone = summary(channel="phone")["totals"]["received"]
    assert 1 <= phone < totals["received"]


def test_csv_comes_with_the_same_figures(reported_cases):
    response = requests.get(f"{API}/reports/summary", params={"period": this_month(), **FILTER, "format": "csv"},
                            timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    # Headers the generated layer writes reach the client as plain text, not percent-encoded.
    assert response.headers["Content-Disposition"] == f'attachment; filename="onedoor-summary-{this_month()}.csv"'
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["section", "key", "name", "received_or_value", "resolved"]
    received = next(r for r in rows if r[:2] == ["total", "received"])
    assert int(received[3]) == summary()["totals"]["received"]
    by_accept = requests.get(f"{API}/reports/departments", params={"period": this_month(), "department": "culture"},
                             headers={"Accept": "text/csv"}, timeout=10)
    table = list(csv.DictReader(io.StringIO(by_accept.text)))
    assert table[0]["department"] == "culture" and int(table[0]["dispatched"]) >= 2


def test_departments_and_trend(reported_cases):
    check(summary(), OPENAPI, "CaseReport")
    departments = requests.get(f"{API}/reports/departments", params={"period": this_month()}, timeout=10).json()
    check(departments, OPENAPI, "DepartmentPerformance")
    culture = next(d for d in departments["departments"] if d["department"] == "culture")
    assert culture["dispatched"] >= 2 and culture["answered"] >= 1 and culture["answeredOnTime"] >= 1
    first = (datetime.now(SHANGHAI).replace(day=1) - timedelta(days=40)).strftime("%Y-%m-01")
    today = datetime.now(SHANGHAI).strftime("%Y-%m-%d")
    trend = requests.get(f"{API}/reports/trend", params={"from": first, "to": today, **FILTER}, timeout=10).json()
    check(trend, OPENAPI, "MonthlyTrend")
    assert [m["month"] for m in trend["months"]][-1] == this_month() and len(trend["months"]) == 3
    assert trend["months"][-1]["received"] == summary()["totals"]["received"]


@pytest.mark.parametrize("params, field", [
    ({"period": "2026-13"}, "period"),
    ({"period": "2026-Q5"}, "period"),
    ({"from": "2026-11-01"}, "period"),
    ({"from": "2026-11-30", "to": "2026-11-01"}, "to"),
    ({"from": "2026-02-30", "to": "2026-03-01"}, "from"),
    ({"period": "2026-11", "town": "Robert'); DROP TABLE"}, "town"),
    ({"period": "2026-11", "format": "xml"}, "format"),
])
def test_bad_report_queries_name_the_parameter(services, params, field):
    response = requests.get(f"{API}/reports/summary", params=params, timeout=10)
    assert response.status_code == 422 and response.headers["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


def render(url):
    """The page's DOM after its scripts ran, from a real headless chromium."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is missing (deploy/test installs Debian's chromium)"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--window-size=1400,1600", "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_the_dashboard_renders_its_charts_with_the_apis_numbers(reported_cases):
    page = f"http://127.0.0.1:{GATEWAY}/dashboard?period={this_month()}&town=shengli&category=sports-venues"
    refused = render(page)  # no token: the page says what it needs and shows no figures
    assert re.search(r'<body[^>]*data-ready="error"', refused) and "supervisor" in refused
    dom = render(f"{page}#token={token('supervisor', name='dashboard')}")
    assert re.search(r'<body[^>]*data-ready="true"', dom), dom[-3000:]
    totals = summary()["totals"]
    for tile, figure in [("received", "received"), ("resolved", "resolved"), ("escalations", "escalations")]:
        shown = re.search(rf'id="kpi-{tile}"[^>]*data-value="([^"]*)"', dom)
        assert shown and int(shown.group(1)) == totals[figure], tile
    rates = summary()["rates"]
    shown = re.search(r'id="kpi-resolution-rate"[^>]*>([^<]*)<', dom).group(1)
    assert shown == f"{rates['resolution'] * 100:.2f}%"

    def chart(name):
        match = re.search(rf'<svg id="chart-{name}".*?</svg>', dom, re.S)
        assert match, name
        return match.group(0)
    months = re.findall(r'<rect [^>]*data-label="([^"]*)"[^>]*data-value="(\d+)"', chart("months"))
    assert len(months) == 12 and int(months[-1][1]) == totals["received"]
    assert "<polyline" in chart("rates")
    categories = re.findall(r'data-label="([^"]*)" data-value="(\d+)"', chart("categories"))
    assert categories == [("文化旅游", str(totals["received"]))]
    assert "<td>胜利街道</td>" in dom.replace(" ", "")
    # The page needs nothing from outside: no external script, style or font.
    answer = requests.get(f"http://127.0.0.1:{GATEWAY}/dashboard", timeout=10)
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'; ")
    page = answer.text
    assert not re.search(r'(src|href)="(https?:)?//', page)
