"""The petitioner's status page (issue 17), apart from the staff's side on its own port: the API
(`POST /api/v1/status`) and its limits, and in a real browser the lookup, the case as the
petitioner sees it, and sign-off, contest and review application online with a one-time code —
with their refusals (wrong, expired and reused codes, fewer than 5 experts, after the window)."""
import re
import time

import psycopg
import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import PG_URL, get_case, register, registration, wait_for, wait_for_status
from notifications_support import PUBLIC, one_time_code, query_code, wait_for_moment
from notifications_support import status as lookup
from test_lifecycle import answer, sign as sign_off
from workbench_browser import Browser

EXPERTS = ["kl-01", "kl-02", "kl-03", "kl-04", "city-01"]


@pytest.fixture(scope="module")
def public(services):
    """The status page with small limits, so the tests reach them: 3 wrong tries a case, 8 an
    address, codes as often as asked; behind a proxy (the client is the last X-Forwarded-For), so
    the API test's address is not the browser's. The usual page again afterwards."""
    services.stop("public")
    services.start("public", ONEDOOR_STATUS_CASE_ATTEMPTS="3", ONEDOOR_STATUS_ADDRESS_ATTEMPTS="8",
                   ONEDOOR_CODE_INTERVAL_SECONDS="0", ONEDOOR_CODES_PER_HOUR="50",
                   ONEDOOR_PUBLIC_TRUST_FORWARDED="true")
    yield services
    services.stop("public")
    services.start("public")


@pytest.fixture
def browser():
    browser = Browser(base=PUBLIC)
    yield browser
    browser.quit()
    assert not browser.violations, f"axe found critical or serious violations: {browser.violations}"


def answered_case(**petitioner):
    body = registration(petitioner={"name": "王秀英", "phone": "13800002468", **petitioner})
    number = register(body).json()["caseNumber"]
    wait_for_status(number, "handling")
    answer(number)
    return number, query_code(number)


def test_the_api_answers_the_right_code_and_limits_wrong_ones(public):
    number, code = answered_case()
    proxied = {"X-Forwarded-For": "203.0.113.7"}

    def status(number, code):
        return lookup(number, code, headers=proxied)
    found = status(number, code)
    assert found.status_code == 200, found.text
    view = found.json()
    assert view["caseNumber"] == number and view["status"] == "answered" and view["stage"] == "已答复，请签收"
    assert view["petitioner"] == "王**" and view["actions"] == ["sign_off"]
    assert view["answer"]["outcome"] == "resolved" and "phone" not in found.text
    assert status(number, code.lower()).status_code == 200  # typed in lower case: the same code
    # A wrong code and a case that does not exist: the same 404.
    wrong = status(number, "AAAAAAAA")
    assert wrong.status_code == 404 and wrong.headers["Content-Type"] == "application/problem+json"
    assert status("OD-1999-000001", code).status_code == 404
    # Garbage: a problem naming every bad field.
    bad = requests.post(f"{PUBLIC}/api/v1/status", json={"caseNumber": 7}, timeout=5, headers=proxied)
    assert bad.status_code in (400, 422) and {e["field"] for e in bad.json()["errors"]} >= {"caseNumber", "code"}
    # Three wrong tries a case: the fourth, even with the right code, waits (429, Retry-After).
    status(number, "BBBBBBBB")
    status(number, "DDDDDDDD")
    limited = status(number, code)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    # Per address: eight wrong tries from here, over other cases, and this address waits too.
    other, other_code = answered_case()
    for index in range(4):
        status(f"OD-1999-00000{index}", "CCCCCCCC")
    assert status(other, other_code).status_code == 429
    # Another address still gets in.
    assert lookup(other, other_code, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200


def test_lookup_sign_off_and_review_in_the_browser(public, browser):
    number, code = answered_case()
    browser.open("/")
    assert browser.heading() == "查询您的案件"
    browser.check("status-lookup")
    # A wrong code is told beside the field.
    browser.submit("/", caseNumber=number, code="ZZZZZZZZ")
    assert "案件号或查询码不正确" in browser.driver.find_element(By.ID, "code-error").text
    browser.check("status-lookup-refused")
    browser.submit("/", caseNumber=number, code=code)
    assert browser.path == "/case" and number in browser.heading()
    assert "已答复，请签收" in browser.main and "王**" in browser.main and "13800002468" not in browser.driver.page_source
    browser.check("status-answered")

    # 签收 online: a code by SMS (the log adapter's file), then the word. A wrong code first.
    browser.click("#get-code-sign_off")
    assert "验证码已发送" in browser.main
    sent = one_time_code(number)
    browser.submit("/case/sign_off", decision="disputed", code="000000" if sent != "000000" else "111111")
    assert "验证码不正确" in browser.driver.find_element(By.ID, "code-sign_off-error").text
    browser.submit("/case/sign_off", decision="disputed", code=sent)
    assert "已记录您的签收意见" in browser.main
    assert get_case(number)["status"] == "disputed"
    [signed] = get_case(number)["answers"]
    assert signed["signOff"] == "disputed" and signed["signOffChannel"] == "online"
    assert get_case(number)["timeline"][-1]["actor"] == "petitioner"
    assert "专家评审申请截止" in browser.main
    browser.check("status-disputed")
    # The same code again: used.
    browser.click("#get-code-review")
    review_code = one_time_code(number, after=1)
    # Fewer than 5 experts: refused beside the choice, the code kept.
    browser.submit("/case/review", experts=EXPERTS[:3], code=review_code)
    assert "请至少选择5名" in browser.driver.find_element(By.ID, "experts-error").text
    browser.check("status-review-refused")
    # An expired code.
    with psycopg.connect(PG_URL, autocommit=True) as db:
        db.execute("""UPDATE one_time_codes SET expires_at = now() - interval '1 second'
                      WHERE case_id = (SELECT id FROM cases WHERE case_number = %s) AND purpose = 'review'""",
                   (number,))
    browser.submit("/case/review", experts=EXPERTS, code=review_code)
    assert "验证码已过期" in browser.driver.find_element(By.ID, "code-review-error").text
    browser.click("#get-code-review")
    fresh = one_time_code(number, after=2)
    browser.submit("/case/review", experts=EXPERTS, code=fresh)
    assert "评审申请已提交" in browser.main
    case = get_case(number)
    assert case["status"] == "under_review" and case["timeline"][-1]["actor"] == "petitioner"
    assert sorted(m["expert"] for m in case["reviewPanels"][0]["members"]) == sorted(EXPERTS)
    wait_for_moment(number, "panel_formed")
    browser.check("status-under-review")


def test_codes_are_single_use_and_the_window_closes(public, browser):
    number, code = answered_case()
    browser.open("/")
    browser.submit("/", caseNumber=number, code=code)
    browser.click("#get-code-sign_off")
    sent = one_time_code(number)
    browser.submit("/case/sign_off", decision="disputed", code=sent)
    assert get_case(number)["status"] == "disputed"
    # Reused: the sign-off code cannot confirm anything again.
    with psycopg.connect(PG_URL, autocommit=True) as db:
        used = db.execute("""SELECT used_at IS NOT NULL FROM one_time_codes
                             WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)""", (number,)).fetchone()[0]
    assert used
    browser.click("#get-code-review")
    review_code = one_time_code(number, after=1)
    browser.submit("/case/review", experts=EXPERTS, code=sent)
    assert "验证码" in browser.driver.find_element(By.ID, "code-review-error").text
    # The review window: 5 days from the recorded receipt of the answer. Moved back, it has closed.
    with psycopg.connect(PG_URL, autocommit=True) as db:
        db.execute("""UPDATE answers SET signed_at = now() - interval '6 days'
                      WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)""", (number,))
    browser.submit("/case/review", experts=EXPERTS, code=review_code)
    assert "已超过申请期限" in browser.main
    assert get_case(number)["status"] == "disputed"
    browser.open("/case")
    assert not browser.driver.find_elements(By.ID, "action-review")


def test_a_sign_off_recorded_for_the_petitioner_can_be_contested(public, browser):
    number, code = answered_case()
    sign_off(number, "accepted")  # at the window
    wait_for_moment(number, "accepted_on_behalf")
    browser.open("/")
    browser.submit("/", caseNumber=number, code=code)
    assert "（代为签收）" in browser.main
    browser.click("#get-code-contest")
    sent = one_time_code(number)
    browser.submit("/case/contest", code=sent)
    assert "已记录您的异议" in browser.main
    case = get_case(number)
    assert case["status"] == "disputed" and case["timeline"][-1]["action"] == "contest"
    assert case["answers"][0]["signOff"] == "disputed"
    # The visit that was due leaves the follow-up callers' list while the answer is disputed.
    due = requests.get(f"{PUBLIC.rsplit(':', 1)[0]}:18080/api/v1/visits/due?limit=200", timeout=5).json()
    assert number not in [item["caseNumber"] for item in due["items"]]
    browser.check("status-contested")


def test_english_on_request(public, browser):
    number, code = answered_case()
    browser.open("/")
    browser.click("form[action='/language'] button")
    assert browser.heading() == "Find your case"
    browser.submit("/", caseNumber=number, code=code)
    assert "Answered; please sign it off" in browser.main
    browser.check("status-english")


def test_the_page_limits_wrong_codes(public, browser):
    number, code = answered_case()
    browser.open("/")
    for wrong in ("WRONG234", "WRONG345", "WRONG456"):
        browser.submit("/", caseNumber=number, code=wrong)
        assert "案件号或查询码不正确" in browser.main
    # The fourth try waits (429 with Retry-After), even with the right code.
    browser.submit("/", caseNumber=number, code=code)
    assert "尝试次数过多" in browser.error() and browser.path == "/"
    browser.check("status-limited")
