"""The workbench (onedoor-workbench) in a real browser: each role signs in and does its day's work,
together the whole loop — registered at the window, triaged and dispatched, handled, answered,
disputed, reviewed by five experts, revised, answered again, accepted, visited, archived — and a
joint case with a co-handler, an escalation, the refusals shown in the page, axe on every page,
CSRF, escaping and the headers. Screenshots go to .local/test/screenshots."""
import hashlib
import hmac
import os
import re
import uuid

import pytest
import requests

from conftest import API, get_case, register, registration, wait_for, wait_for_status
from test_accounts import new_account, session
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from workbench_browser import BASE, Browser, unique

TRIAGE_CATEGORY = "petition-other"  # no rule: triage


@pytest.fixture(scope="module")
def browser():
    browser = Browser()
    yield browser
    browser.quit()
    assert not browser.violations, f"axe found critical or serious violations: {browser.violations}"


@pytest.fixture(scope="module")
def people(services):
    """One account per role the loop needs (the experts for kl-01..kl-04, kl-06: none from urban)."""
    made = {
        "clerk": new_account("clerk", "李娜"),
        "clerk-xiawa": new_account("clerk", "张敏", town="xiawa"),
        "dispatcher": new_account("dispatcher", "赵强"),
        "urban": new_account("department", "王伟", department="urban"),
        "women": new_account("department", "陈静", department="women"),
        "police": new_account("department", "刘洋", department="police"),
        "xingfu": new_account("department", "孙红", department="xingfu-committee"),
        "followup": new_account("followup", "孙丽"),
        "supervisor": new_account("supervisor", "周平"),
        "court": new_account("department", "陈法官", department="court"),
        "admin": new_account("admin", "管理员"),
    }
    for code in ("kl-01", "kl-02", "kl-03", "kl-04", "kl-06"):
        made[code] = new_account("expert", f"专家{code}", expert=code)
    return made


def register_at_window(browser, category, facts=None, town="kenli-street", community="xingfu", phone=None):
    """The clerk's registration form, with the repeat check first; answers the case number."""
    phone = phone or f"139{uuid.uuid4().int % 10**8:08d}"
    browser.open("/register")
    browser.fill("/register", petitioner__name="王秀英", petitioner__phone=phone)
    browser.form("/register")
    browser.click("form[action='/register'] button[value=lookup]")
    assert "该信访人的既往诉求" in browser.main
    browser.submit(
        "/register", button="register", channel="visit", facts=facts or f"广场舞噪音扰民（{unique('')}）",
        demand="晚上八点半以后停止排练", category=category, location__town=town, location__community=community,
        location__address="幸福路12号")
    assert browser.path.endswith("/receipt"), browser.main[:500]
    assert "受理回执" in browser.main
    return browser.case_number(), phone


def test_signing_in_each_role_sees_its_own_home_in_chinese(browser, people):
    browser.open("/signin").check("signin")
    assert browser.heading() == "登录"
    browser.sign_in(*people["clerk"])
    browser.open("/password").check("password")
    browser.submit("/password", currentPassword="wrong-password", newPassword="x")
    assert browser.error(), "a refused change is told"
    homes = {"clerk": "今日受理", "dispatcher": "待人工分流", "urban": "我的待办", "kl-01": "我的评审",
             "followup": "待回访", "supervisor": "超期与督办工单", "admin": "超期与督办工单"}
    for who, heading in homes.items():
        browser.sign_in(*people[who])
        assert browser.heading() == heading, (who, browser.main[:300])
        browser.check(f"home-{who}")
    # The menu shows only what the role may do.
    browser.sign_in(*people["kl-01"])
    assert "受理登记" not in browser.driver.find_element("css selector", "nav.menu").text
    browser.sign_in(*people["admin"])
    assert "系统管理" in browser.driver.find_element("css selector", "nav.menu").text


def test_a_wrong_password_and_a_disabled_account_are_told_plainly(browser, people):
    login, password = new_account("clerk", "停用者")
    browser.sign_in(login, "not-the-password")
    assert "登录名或密码错误" in browser.error()
    assert browser.field("login").get_attribute("value") == login
    browser.check("signin-refused")
    # A disabled account is told so (only to someone with its right password).
    headers = session(*people["admin"])
    assert requests.patch(f"{API}/staff/{login}", json={"active": False}, headers=headers, timeout=5).ok
    browser.sign_in(login, password)
    assert "已停用" in browser.error()
    # Five wrong passwords in a row lock the account; the page says so, even for the right one.
    locked, right = new_account("clerk", "锁定者")
    for _ in range(5):
        browser.sign_in(locked, "not-the-password")
    browser.sign_in(locked, right)
    assert "锁定" in browser.error()


def test_the_whole_loop_in_the_browser(browser, people):
    # 受理登记 at the window, twice: the second shows the first in the repeat check.
    browser.sign_in(*people["clerk"])
    number, phone = register_at_window(browser, "noise")
    browser.check("receipt")
    browser.open("/register")
    browser.fill("/register", petitioner__phone=phone)
    browser.click("form[action='/register'] button[value=lookup]")
    assert number in browser.main
    browser.check("register-repeat-check")

    # 分流交办 by hand for a case no rule routes.
    triaged, _ = register_at_window(browser, TRIAGE_CATEGORY, facts="其他信访事项，需人工分流")
    wait_for_status(triaged, "triage")
    browser.sign_in(*people["dispatcher"])
    browser.check("triage")
    browser.find_on_worklist(triaged)
    browser.submit(f"/cases/{triaged}/do/dispatch", mode="assisted",
                   **{"ladder[0].tier": "district", "ladder[0].lead": "urban"}, dueDays="15")
    assert "已交办" in browser.main or "办理中" in browser.main
    browser.check("case-dispatched")

    # The handler: handling step, answer; the work order shows in 我的待办.
    wait_for_status(number, "handling")
    browser.sign_in(*people["urban"])
    browser.find_on_worklist(number)
    browser.submit(f"/cases/{number}/do/handling_step", mediation="people", note="上门调解，双方同意调整时间")
    assert "人民调解" in browser.main
    browser.check("case-handling")
    browser.submit(f"/cases/{number}/do/answer", outcome="resolved", text="已协调广场舞队于20:30前结束")
    assert "已答复" in browser.main
    browser.open(f"/cases/{number}/answer-letter").check("answer-letter")
    assert "答复意见书" in browser.main and number in browser.main

    # The petitioner disputes at the window; the review application with 5 experts of their choice.
    browser.sign_in(*people["clerk"])
    browser.open(f"/cases/{number}")
    browser.submit(f"/cases/{number}/do/sign_off", decision="disputed", channel="window")
    assert "有异议" in browser.main
    browser.submit(f"/cases/{number}/do/review", experts=["kl-01", "kl-02", "kl-03", "kl-04"])
    assert "至少选择5名" in browser.problem_beside("experts")
    checked = [box.get_attribute("value") for box in
               browser.driver.find_elements("css selector", "input[name=experts]:checked")]
    assert sorted(checked) == ["kl-01", "kl-02", "kl-03", "kl-04"], "the choice is kept when refused"
    browser.check("review-refused-fewer")
    browser.submit(f"/cases/{number}/do/review", experts=["kl-05"])
    assert "回避" in browser.problem_beside("experts")
    browser.check("review-refused-conflict")
    for box in browser.driver.find_elements("css selector", "input[name=experts][value='kl-05']:checked"):
        box.click()
    browser.submit(f"/cases/{number}/do/review", experts=["kl-06"])
    assert "评审中" in browser.main, browser.main[:800]

    # Each expert: the panel on their home, the opinion on the case page. Three revise, two uphold.
    for code, verdict in (("kl-01", "revise"), ("kl-02", "revise"), ("kl-03", "uphold"), ("kl-04", "uphold"),
                          ("kl-06", "revise")):
        browser.sign_in(*people[code])
        browser.find_on_worklist(number)
        browser.submit(f"/cases/{number}/do/opinion", reasonable="false" if verdict == "revise" else "true",
                       lawful="true", verdict=verdict, reasons=f"{code} 的评审理由")
        assert f"{code} 的评审理由" in browser.main
        if code == "kl-01":
            browser.check("case-expert")
    # Revised: round 2 goes back to the department (dispatched, then received), answered again,
    # accepted at the window.
    wait_for_status(number, "handling")
    browser.sign_in(*people["urban"])
    browser.open(f"/cases/{number}")
    browser.submit(f"/cases/{number}/do/answer", outcome="resolved", text="重新办理：已调整场地，噪音达标")
    browser.sign_in(*people["clerk"])
    browser.open(f"/cases/{number}")
    browser.submit(f"/cases/{number}/do/sign_off", decision="accepted", channel="window")
    assert "待回访" in browser.main

    # 回访: the visit due, the phone revealed with a reason (audited), the visit recorded → archived.
    browser.sign_in(*people["followup"])
    browser.find_on_worklist(number)
    browser.submit(f"/cases/{number}/do/reveal", reason="回访需要电话联系")
    assert phone in browser.driver.find_element("id", "revealed").text
    browser.submit(f"/cases/{number}/do/visit", method="phone", satisfaction="satisfied")
    assert "已归档" in browser.main
    browser.check("case-archived")
    timeline = browser.driver.find_element("css selector", "table.timeline").text
    for step in ("受理登记", "签收", "答复", "签字确认（不接受）", "专家评审立项", "评审改判", "签字确认（接受）", "归档"):
        assert step in timeline, step
    assert "回访员" in timeline and "窗口受理员" in timeline, "who did what"

    # The supervisor and the admin's pages.
    browser.sign_in(*people["supervisor"])
    browser.open("/supervision").check("supervision")
    browser.click("nav.menu a[href='/dashboard']")  # the reports dashboard, with the workbench's session
    wait_for(lambda: browser.driver.execute_script("return document.body.dataset.ready") == "true",
             message="the dashboard's figures")
    assert browser.driver.find_element("id", "error").text == ""
    browser.check("dashboard")
    browser.open(f"/cases?number={number}").check("search")
    assert number in browser.main
    browser.sign_in(*people["admin"])
    browser.open("/admin").check("admin")
    login = unique("clerk-")
    browser.submit("/admin/staff", login=login, displayName="新同事", role="clerk", town="xiawa")
    assert login in browser.driver.find_element("id", "shown-password").text, "the new password, shown once"
    browser.submit("/admin/staff/role", login=login, role="followup")
    assert "回访员" in browser.driver.find_element("xpath", f"//tr[th='{login}']").text
    browser.open(f"/audit?case={number}").check("audit")
    assert "回访需要电话联系" in browser.main


def test_a_joint_case_with_a_co_handler_and_an_escalation(browser, people):
    browser.sign_in(*people["clerk"])
    joint, _ = register_at_window(browser, "domestic-violence", facts="家庭暴力，需妇联与公安联办")
    ladder, _ = register_at_window(browser, "neighbour", facts="邻里漏水纠纷")
    wait_for_status(joint, "handling")
    browser.sign_in(*people["police"])
    browser.open(f"/cases/{joint}")
    assert not browser.has_form("/do/answer"), "a co-handler does not answer"
    browser.submit(f"/cases/{joint}/do/co_report", text="已出警并固定证据")
    assert "已出警并固定证据" in browser.main
    browser.sign_in(*people["women"])
    browser.open(f"/cases/{joint}")
    browser.submit(f"/cases/{joint}/do/pause", waitingOn="petitioner", reason="等待当事人补充材料")
    assert "等待信访人" in browser.main and browser.has_form("/do/resume")
    browser.click(f"form[action$='/cases/{joint}/do/resume'] button")
    assert browser.has_form("/do/pause")
    browser.submit(f"/cases/{joint}/do/answer", outcome="partly_resolved", text="已开展联合调解")
    assert "已答复" in browser.main
    browser.check("case-joint")

    # 吹哨报到: the community committee calls for the town.
    wait_for_status(ladder, "handling")
    browser.sign_in(*people["xingfu"])
    browser.open(f"/cases/{ladder}")
    browser.submit(f"/cases/{ladder}/do/escalate", reason="涉及多户，需镇街协调")
    assert "吹哨报到" in browser.main and "涉及多户" in browser.main
    browser.check("case-escalated")
    assert not browser.has_form("/do/answer"), "the escalated order is no longer the committee's"


def test_refusals_are_shown_in_the_page(browser, people):
    browser.sign_in(*people["clerk"])
    # A form refused: what was typed stays, each problem beside its field, in Chinese.
    browser.open("/register")
    browser.submit("/register", button="register", petitioner__name="王秀英", petitioner__phone="12",
                   facts="<script>alert('x')</script>")
    assert "电话号码" in browser.problem_beside("petitioner.phone")
    assert browser.problem_beside("demand") == "必填"
    assert browser.field("facts").get_attribute("value") == "<script>alert('x')</script>"
    browser.check("register-refused")

    # An illegal action: the form was open when another handler answered first.
    number, _ = register_at_window(browser, "noise")
    wait_for_status(number, "handling")
    browser.sign_in(*people["urban"])
    browser.open(f"/cases/{number}")
    other = session(*new_account("department", "同事", department="urban"))
    assert requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "先答复"},
                         headers=other, timeout=10).ok
    browser.submit(f"/cases/{number}/do/answer", outcome="resolved", text="后答复")
    assert "操作未成功" in browser.error()
    browser.check("case-refused-action")

    # A town clerk opening another town's case: told it is not there, as for a case that does not exist.
    browser.sign_in(*people["clerk-xiawa"])
    browser.open(f"/cases/{number}")
    assert "没有找到" in browser.main
    browser.check("case-not-found")
    browser.open("/no-such-page")
    assert "没有找到" in browser.main


def test_escaping_english_and_a_phone_sized_screen(browser, people):
    browser.sign_in(*people["clerk"])
    number, _ = register_at_window(browser, "noise", facts="<script>document.title='x'</script><b>粗体</b>")
    browser.open(f"/cases/{number}")
    facts = browser.driver.find_element("css selector", ".facts dd.text").text
    assert "<script>document.title='x'</script>" in facts and "<b>粗体</b>" in facts
    assert browser.driver.title != "x"
    # English, switchable per person (their browser keeps it).
    browser.click("form[action='/language'] button")
    assert browser.heading().startswith(number)
    assert "Timeline" in browser.main and "Registered" in browser.main
    browser.check("case-english")
    browser.click("form[action='/language'] button")
    assert "办理过程" in browser.main
    # A phone-sized screen: the worklist and the case page still read.
    browser.driver.set_window_size(390, 844)
    browser.open(f"/cases/{number}").check("case-phone")
    browser.open("/").check("home-phone")
    browser.driver.set_window_size(1366, 768)


def test_csrf_headers_and_no_form_without_its_token(people, services):
    login, password = people["clerk"]
    signed = requests.Session()
    page = signed.get(f"{BASE}/signin", timeout=5)
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page.text).group(1)
    assert signed.post(f"{BASE}/signin", data={"_csrf": token, "login": login, "password": password},
                       allow_redirects=False, timeout=10).status_code == 303
    home = signed.get(f"{BASE}/", timeout=5)
    assert home.status_code == 200
    for header, expected in (("Content-Security-Policy", "script-src 'self'"), ("X-Frame-Options", "DENY"),
                             ("Referrer-Policy", "no-referrer"), ("X-Content-Type-Options", "nosniff")):
        assert expected in home.headers.get(header, ""), header
    assert "unsafe-inline" not in home.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]
    mine = {"cookies": {"onedoor_session": signed.cookies["onedoor_session"]}, "headers": {"Authorization": None}}
    before = requests.get(f"{API}/registrations", timeout=5, **mine).json()["count"]
    body = {"channel": "visit", "petitioner.name": "王秀英", "petitioner.phone": "13800001234", "facts": "x",
            "demand": "y", "category": "noise", "location.town": "kenli-street", "intent": "register"}
    for forged in ({}, {"_csrf": "0" * 64}):
        refused = signed.post(f"{BASE}/register", data={**body, **forged}, allow_redirects=False, timeout=10)
        assert refused.status_code == 403 and "安全令牌" in refused.text
    after = requests.get(f"{API}/registrations", timeout=5, **mine).json()["count"]
    assert after == before, "a form without its token registered nothing"
    # The cookies: the session HttpOnly and SameSite=Strict; signing out without a token does nothing.
    assert signed.post(f"{BASE}/signout", allow_redirects=False, timeout=5).status_code == 403
    assert signed.get(f"{BASE}/", allow_redirects=False, timeout=5).status_code == 200


def vouched(client, credential):
    """The workbench's X-OneDoor-Client header for `client` (Shared/HTTPSupport/ForwardedClient.swift)."""
    key = hashlib.sha256(f"onedoor-forwarded-client:{os.environ['ONEDOOR_AUTH_SECRET']}".encode()).digest()
    return f"{client};" + hmac.new(key, f"{client}|{credential}".encode(), hashlib.sha256).hexdigest()


def test_the_audit_keeps_the_persons_own_address_only_when_the_workbench_vouches_for_it(people, db):
    headers = session(*people["followup"])
    credential = headers["Authorization"].removeprefix("Bearer ")
    number = register().json()["caseNumber"]
    for header in (vouched("203.0.113.7", credential), "198.51.100.9;" + "0" * 64,
                   vouched("198.51.100.9", "another-credential")):
        answer = requests.post(f"{API}/cases/{number}/petitioner-contact", json={"reason": "核实"},
                               headers={**headers, "X-OneDoor-Client": header}, timeout=10)
        assert answer.status_code == 200, answer.text
    clients = [row[0] for row in db.execute(
        "SELECT r.client FROM personal_data_reveals r JOIN cases c ON c.id = r.case_id "
        "WHERE c.case_number = %s ORDER BY r.revealed_at", (number,))]
    assert clients == ["203.0.113.7", "127.0.0.1", "127.0.0.1"], "a forged or borrowed header is not believed"


def test_the_receipt_the_opt_out_and_the_petitioners_messages(browser, people, db):
    """The window's side of issue 17: the language and 免打扰 at registration, the query code on
    the receipt printed then (and only then), the messages on the case, failed ones on the list."""
    from notifications_support import PUBLIC, query_code, status, wait_for_moment

    browser.sign_in(*people["clerk"])
    browser.open("/register")
    browser.fill("/register", petitioner__name="王秀英", petitioner__phone=f"139{uuid.uuid4().int % 10**8:08d}",
                 petitioner__language="en", petitioner__smsOptOut="true")
    browser.submit(
        "/register", button="register", channel="visit", facts=f"广场舞噪音扰民（{unique('')}）",
        demand="晚上八点半以后停止排练", category="noise", location__town="kenli-street",
        location__community="xingfu", location__address="幸福路12号")
    number = browser.case_number()
    code = browser.driver.find_element(By.ID, "query-code").text
    assert re.fullmatch(r"[2-9A-Z]{8}", code) and PUBLIC.rsplit(":", 1)[1] in browser.main
    browser.check("receipt-with-query-code")
    assert status(number, code).status_code == 200  # the code on paper opens the status page
    assert query_code(number) == code  # and the registration SMS carried the same, in English
    browser.open(f"/cases/{number}/receipt")  # printed again later: no code (it is kept hashed only)
    browser.driver.delete_cookie("onedoor_query_code")
    browser.open(f"/cases/{number}/receipt")
    assert not browser.driver.find_elements(By.ID, "query-code")

    # The case page: 短信通知记录, the opted-out dispatch message marked as not sent.
    wait_for_moment(number, "dispatched")
    browser.open(f"/cases/{number}")
    section = browser.driver.find_element(By.ID, "notifications").text
    assert "受理告知" in section and "已发送" in section
    assert "交办告知" in section and "未发送（免打扰）" in section
    browser.check("case-notifications")

    # 通知失败: a message given up on shows on the clerk's worklist.
    db.execute("""UPDATE notifications SET status = 'failed', failed_at = now(), last_error = 'the provider answered 500'
                  WHERE case_id = (SELECT id FROM cases WHERE case_number = %s) AND moment = 'registered'""", (number,))
    browser.open("/?state=failed-notifications")
    assert number in browser.main and "受理告知" in browser.main and "the provider answered 500" in browser.main
    browser.check("failed-notifications")


def test_a_collective_petition_with_its_parties_at_the_window(browser, people):
    """当事人 (#18) on the registration form: a collective petition's people and representatives,
    two respondents and the amount; a refused row keeps its place; the case page shows them masked."""
    browser.sign_in(*people["clerk"])
    browser.open("/register")
    second, respondent = f"139{uuid.uuid4().int % 10**8:08d}", f"138{uuid.uuid4().int % 10**8:08d}"
    values = dict(
        petitioner__name="刘建国", petitioner__phone=f"137{uuid.uuid4().int % 10**8:08d}", channel="visit",
        facts=f"三十名工人被拖欠半年工资（{unique('')}）", demand="支付拖欠工资", category="wage-arrears",
        location__town="shengli", collective="on", collective__people="30")
    fields = {
        "collective.representatives[1].name": "陈秀兰", "collective.representatives[1].phone": second,
        "collective.representatives[2].name": "张伟", "collective.representatives[2].phone": "12",
        "otherParties[0].kind": "organisation", "otherParties[0].name": "垦利某建筑工程有限公司",
        "otherParties[2].kind": "person", "otherParties[2].name": "王包工", "otherParties[2].phone": respondent,
        "amountInvolved": "1250000.5",
    }
    browser.fill("/register", **values)
    browser.fill("/register", **{name.replace(".", "__"): value for name, value in fields.items()})
    browser.click("form[action='/register'] button[value=register]")
    # The third representative's phone was wrong: told beside that row (the second sent), in Chinese,
    # with everything typed kept; the empty first row was not sent.
    assert "电话号码" in browser.problem_beside("collective.representatives[2].phone")
    assert browser.field("collective.representatives[1].name").get_attribute("value") == "陈秀兰"
    assert browser.field("otherParties[2].name").get_attribute("value") == "王包工"
    browser.check("register-parties-refused")

    browser.fill("/register", **{"collective__representatives[2]__phone": f"136{uuid.uuid4().int % 10**8:08d}"})
    browser.click("form[action='/register'] button[value=register]")
    assert browser.path.endswith("/receipt"), browser.main[:500]
    number = browser.case_number()
    browser.open(f"/cases/{number}")
    main = browser.main
    assert "涉及人数 30" in main and "陈秀兰" in main and second[:3] + "****" + second[-4:] in main
    assert second not in main and respondent not in main
    assert "垦利某建筑工程有限公司（单位（公司、物业、村委会等），被申请人）" in main
    facts = [dd.text for dd in browser.driver.find_elements(By.CSS_SELECTOR, "dl.facts dd")]
    assert "垦利某建筑工程有限公司（单位（公司、物业、村委会等），被申请人）" in facts  # no phone of its own
    assert "王包工（个人，被申请人）" in main and "¥1,250,000.50" in main
    browser.check("case-parties")


def test_evidence_attached_on_the_case_page_and_refused_beside_the_field(browser, people, tmp_path):
    """证据材料 (#18) in the browser: a text file named like a photo is refused beside the file
    field, in Chinese; a photo is attached, listed with who added it, and downloads as it was."""
    number = register(registration(category="noise")).json()["caseNumber"]
    browser.sign_in(*people["clerk"])
    browser.open(f"/cases/{number}")
    assert "证据材料" in browser.main

    def upload(path):
        form = browser.driver.find_element(By.CSS_SELECTOR, "form[action*='/attachments']")
        form.find_element(By.NAME, "file").send_keys(str(path))
        browser.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    fake = tmp_path / "现场照片.jpg"
    fake.write_text("这不是照片")
    upload(fake)
    assert "不是可接受的文件类型" in browser.problem_beside("file")
    browser.check("case-attachment-refused")

    photo = tmp_path / "门口.png"
    content = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes * 32
    photo.write_bytes(content)
    upload(photo)
    assert browser.path == f"/cases/{number}#attachments", browser.main[:300]
    row = browser.driver.find_element(By.CSS_SELECTOR, "#attachments tbody tr")
    assert "门口.png" in row.text and "上传" in row.text and people["clerk"][0] in row.text
    browser.check("case-attachments")
    link = row.find_element(By.LINK_TEXT, "门口.png").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.driver.get_cookies()}
    got = requests.get(link, cookies=cookies, timeout=5)
    assert got.status_code == 200 and got.content == content and got.headers["Content-Type"] == "image/png"


def test_a_written_agreement_confirmed_by_the_court_and_every_document_verified(browser, people):
    """调解协议 and 司法确认 (#18) in the browser: urban's handler records a written agreement (the
    case's parties filled in), sends it to the court, whose handler confirms it; the answer names
    it; each printed document carries a code that the verification page accepts."""
    number = register(registration(category="noise", petitioner={"name": "王秀英", "phone": "13800001234"},
                                   otherParties=[{"kind": "organisation", "role": "respondent",
                                                  "name": "幸福广场舞队"}])).json()["caseNumber"]
    wait_for_status(number, "handling")
    browser.sign_in(*people["urban"])
    browser.open(f"/cases/{number}")
    form = browser.form("/do/agreement")
    assert browser.field("parties[0].name", "/do/agreement").get_attribute("value") == "王秀英"
    assert browser.field("parties[1].name", "/do/agreement").get_attribute("value") == "幸福广场舞队"
    browser.submit("/do/agreement", form="written", mediation="people", terms=" ")
    assert "必填" in browser.problem_beside("terms")
    browser.check("case-agreement-refused")
    browser.submit("/do/agreement", terms="舞队晚八点半后停止排练，音量不超过55分贝。")
    assert "调解协议" in browser.main and "签字" in browser.main, browser.main[:400]
    # The rows left empty were not sent: the two parties the case knows, as filled in.
    assert [(p["name"], p["side"]) for p in get_case(number)["agreements"][0]["parties"]] == [
        ("王秀英", "petitioner"), ("幸福广场舞队", "other")]
    browser.submit("/do/judicial_request")
    assert "待法院确认" in browser.main

    browser.sign_in(*people["court"])
    assert "待司法确认" in browser.main  # the court's worklist has the tab
    browser.find_on_worklist(number, "/?state=judicial")
    browser.submit("/do/judicial_decision", decision="confirmed", reason="自愿、合法，予以确认。")
    assert "确认有效" in browser.main
    browser.check("case-agreement-confirmed")

    browser.sign_in(*people["urban"])
    browser.open(f"/cases/{number}")
    browser.submit("/do/answer", outcome="resolved", text="双方达成调解协议，已司法确认。")
    # Resolved by mediation: the answer must name its agreement, told beside the choice.
    assert browser.problem_beside("agreementId"), browser.main[:400]
    Select(browser.field("agreementId", "/do/answer")).select_by_index(1)
    browser.submit("/do/answer")
    assert get_case(number)["answers"][-1]["agreementId"], browser.main[:400]
    codes = {}
    for page in ("receipt", "work-order", "answer-letter", "agreement"):
        browser.open(f"/cases/{number}/{page}")
        code = browser.driver.find_element(By.CSS_SELECTOR, ".reference .code").text
        assert re.fullmatch(r"[A-Z]\d+-[0-9A-Z]+-[0-9A-F]{10}", code), (page, code)
        codes[page] = code
        browser.check(f"document-{page}")
    assert "舞队晚八点半后停止排练" in browser.main and "人民调解协议书" in browser.main
    browser.open(f"/verify?code={codes['agreement']}")
    assert "核验通过" in browser.driver.find_element(By.ID, "verify-result").text
    browser.check("document-verified")
    browser.open(f"/verify?code={codes['agreement'][:-1]}{'1' if codes['agreement'][-1] == '0' else '0'}")
    assert "核验未通过" in browser.driver.find_element(By.ID, "verify-result").text


def test_every_document_prints_with_the_code_the_api_issued(browser, people):
    """The six documents (#18) as printed pages: each shows the case number and the verification
    code the API issues for it, and the verification page accepts that code."""
    from test_documents import KINDS, issue, mediated_case_with_every_document
    number = mediated_case_with_every_document()
    browser.sign_in(*people["supervisor"])
    pages = {"receipt": "receipt", "work_order": "work-order", "answer_letter": "answer-letter",
             "agreement": "agreement", "panel_opinion": "panel-opinion", "visit_record": "visit-record"}
    assert set(pages) == set(KINDS)
    titles = {"receipt": "受理回执", "work_order": "交办单", "answer_letter": "答复意见书",
              "agreement": "人民调解协议书", "panel_opinion": "专家评审意见书", "visit_record": "回访记录"}
    for kind, page in pages.items():
        browser.open(f"/cases/{number}/{page}")
        printed = browser.driver.find_element(By.CSS_SELECTOR, ".reference .code").text
        # Nothing happened to the case since: the page prints the code the API issues now.
        assert printed == issue(number, kind).json()["code"], kind
        assert titles[kind] in browser.heading() and number in browser.main, kind
        browser.check(f"document-all-{page}")
        browser.open(f"/verify?code={printed}")
        assert "核验通过" in browser.driver.find_element(By.ID, "verify-result").text, kind
