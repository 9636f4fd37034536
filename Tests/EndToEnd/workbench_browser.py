"""A real browser for the workbench tests: Debian's chromium driven by selenium through Debian's
chromedriver, each page checked with axe-core (axe-selenium-python) and kept as a screenshot."""
import re
import shutil
import time
import uuid

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import GATEWAY, STATE

BASE = f"http://127.0.0.1:{GATEWAY}"
SCREENSHOTS = STATE / "screenshots"


class Browser:
    """One headless chromium; signs in as one person at a time."""

    def __init__(self, width=1366, height=768, base=BASE):
        self.base = base
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        assert binary, "chromium is missing (deploy/test installs Debian's chromium)"
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         f"--window-size={width},{height}", "--lang=zh-CN"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        self.driver.set_page_load_timeout(30)
        self.violations = {}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def quit(self):
        self.driver.quit()

    # --- moving about ------------------------------------------------------------------------
    def open(self, path):
        self.driver.get(self.base + path)
        return self

    @property
    def path(self):
        return self.driver.current_url.removeprefix(self.base)

    def click_and_wait(self, element):
        """Clicks what leads to another page, and waits until that page has replaced this one."""
        self.driver.execute_script("window.__leaving = true")
        element.click()

        def arrived(driver):
            try:
                return driver.execute_script(
                    "return window.__leaving === undefined && document.readyState === 'complete'")
            except WebDriverException:  # between the two documents
                return False

        WebDriverWait(self.driver, 30).until(arrived)

    def sign_in(self, login, password):
        self.driver.delete_all_cookies()
        self.open("/signin")
        self.field("login").send_keys(login)
        self.field("password").send_keys(password)
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button[type=submit]"))
        return self

    # --- reading -------------------------------------------------------------------------------
    @property
    def main(self):
        return self.driver.find_element(By.ID, "main").text

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def problem_beside(self, name):
        """The problem shown under the field `name` (its .field or fieldset)."""
        element = self.field(name)
        box = element.find_element(By.XPATH, "./ancestor::*[contains(@class,'field') or self::fieldset][1]")
        return box.find_element(By.CSS_SELECTOR, ".problem").text

    def error(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".error").text

    def case_number(self):
        return re.search(r"OD-\d{4}-\d{6}", self.main).group(0)

    def find_on_worklist(self, number, path="/", timeout=30):
        """Pages through the worklist at `path` (reloaded until it shows up) and opens the case from it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.open(path)
            for _ in range(100):
                links = self.driver.find_elements(By.LINK_TEXT, number)
                if links:
                    self.click_and_wait(links[0])
                    return
                pager = self.driver.find_elements(By.CSS_SELECTOR, ".pager a")
                if not pager:
                    break
                self.click_and_wait(pager[0])
            time.sleep(0.5)
        raise AssertionError(f"{number} not on the worklist {path} within {timeout}s")

    # --- forms -----------------------------------------------------------------------------------
    def field(self, name, form=None):
        scope = self.form(form) if form else self.driver
        return scope.find_element(By.NAME, name)

    def form(self, action):
        """The form whose action ends with `action`; its <details> opened."""
        form = self.driver.find_element(By.CSS_SELECTOR, f"form[action$='{action}']")
        try:
            details = form.find_element(By.XPATH, "./ancestor::details[1]")
            if not details.get_attribute("open"):
                details.find_element(By.TAG_NAME, "summary").click()
        except NoSuchElementException:
            pass
        return form

    def has_form(self, action):
        return bool(self.driver.find_elements(By.CSS_SELECTOR, f"form[action$='{action}']"))

    def fill(self, action, **values):
        """Types, selects, ticks and submits one form; `values` by field name (dots as `__`)."""
        form = self.form(action)
        for key, value in values.items():
            name = key.replace("__", ".")
            elements = form.find_elements(By.NAME, name)
            assert elements, f"no field {name} in {action}"
            first = elements[0]
            kind = first.get_attribute("type")
            if first.tag_name == "select":
                select = Select(first)
                for choice in value if isinstance(value, list) else [value]:
                    select.select_by_value(choice)
            elif kind in ("radio", "checkbox"):
                wanted = value if isinstance(value, list) else [value]
                for element in elements:
                    if element.get_attribute("value") in wanted and not element.is_selected():
                        element.click()
            else:
                first.clear()
                first.send_keys(value)
        return form

    def submit(self, action, button=None, **values):
        form = self.fill(action, **values)
        selector = f"button[type=submit][value='{button}']" if button else "button[type=submit]"
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, selector))
        return self

    def click(self, css):
        """Clicks a button or link that leads to another page."""
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, css))
        return self

    # --- checks ----------------------------------------------------------------------------------
    def check(self, name):
        """Axe on the page as it is (critical and serious violations kept), and a screenshot."""
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        serious = [violation for violation in results["violations"] if violation["impact"] in ("critical", "serious")]
        if serious:
            self.violations[name] = [(v["id"], v["help"], [node["target"] for node in v["nodes"]][:3]) for v in serious]
        # The whole page, top to bottom (up to 4000 px), then the window as it was.
        size = self.driver.get_window_size()
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(size["width"], min(max(height, size["height"]), 4000))
        self.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
        self.driver.set_window_size(size["width"], size["height"])
        return self


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:6]}"
