#!/usr/bin/python3
"""Drives the master's web pages in a real headless Chromium (Debian's chromium + chromium-driver + python3-selenium).

TLS stays real: the browser trusts the ncod CA through a private NSS database, it does not ignore certificate errors.

  web_flow.py register BASE_URL CA_PEM SHOTS_DIR USERNAME PASSWORD DISPLAY_NAME DEPARTMENT
  web_flow.py login    BASE_URL CA_PEM SHOTS_DIR USERNAME PASSWORD DISPLAY_NAME

Prints one line per step; exits non-zero with the reason on the first failure.
"""
import os
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def browser(ca_pem):
    home = tempfile.mkdtemp(prefix="ncod-chromium-")
    nssdb = os.path.join(home, ".pki", "nssdb")
    os.makedirs(nssdb)
    subprocess.run(["certutil", "-N", "-d", "sql:" + nssdb, "--empty-password"], check=True)
    subprocess.run(["certutil", "-A", "-d", "sql:" + nssdb, "-n", "ncod-ca", "-t", "C,,", "-i", ca_pem], check=True)
    os.environ["HOME"] = home
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=900,1000",
                 "--lang=zh-CN", "--user-data-dir=" + os.path.join(home, "profile")):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def no_alert(driver):
    try:
        driver.switch_to.alert
        fail("a script ran: an alert box is open")
    except NoAlertPresentException:
        pass


def replaced(element):
    """A wait condition: `element`'s page has been replaced. Chromium 156's driver answers a question about a node of the page
    being replaced with "Node with given id does not belong to the document" rather than a stale element; both mean gone."""

    def predicate(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    return predicate


def submit(driver):
    """Clicks the form's submit button and waits until the next page has replaced this one."""
    button = driver.find_element(By.ID, "submit")
    button.click()
    WebDriverWait(driver, 20).until(replaced(button))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def fill(driver, field, value):
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


def register(driver, base, shots, username, password, display_name, department):
    driver.get(base + "/register")
    if "注册账号" not in driver.find_element(By.TAG_NAME, "h1").text:
        fail("the registration page is not in Chinese: " + driver.find_element(By.TAG_NAME, "h1").text)
    print("register page shown in Chinese", flush=True)

    fill(driver, "username", username)
    fill(driver, "displayName", display_name)
    fill(driver, "password", "short")
    fill(driver, "contact", "+86 138 0013 8000")
    Select(driver.find_element(By.ID, "orgUnitID")).select_by_visible_text(department)
    submit(driver)
    error = driver.find_element(By.ID, "password-error").text
    if "密码至少需要" not in error:
        fail("no Chinese error next to the password field, found: " + error)
    if driver.find_element(By.ID, "username").get_attribute("value") != username:
        fail("the form did not keep the username after an error")
    print("weak password refused next to the field: " + error, flush=True)
    driver.save_screenshot(os.path.join(shots, "register-error.png"))

    fill(driver, "password", password)
    Select(driver.find_element(By.ID, "orgUnitID")).select_by_visible_text(department)
    submit(driver)
    if not driver.current_url.endswith("/me"):
        fail("registration did not land on /me but on " + driver.current_url)
    banner = driver.find_element(By.ID, "status-banner").text
    if "等待审批" not in banner:
        fail("the landing page does not say the account waits for approval: " + banner)
    shown = driver.find_element(By.ID, "profile-name").text
    if shown != display_name:
        fail("the name is not shown verbatim: %r != %r" % (shown, display_name))
    no_alert(driver)
    print("landed on the pending page; name shown verbatim: " + shown, flush=True)
    driver.save_screenshot(os.path.join(shots, "pending.png"))


def login(driver, base, shots, username, password, display_name):
    driver.get(base + "/me")
    if not driver.current_url.endswith("/login"):
        fail("a new browser was not sent to /login but to " + driver.current_url)
    fill(driver, "username", username)
    fill(driver, "password", password)
    submit(driver)
    if not driver.current_url.endswith("/me"):
        fail("login did not land on /me but on " + driver.current_url)
    banner = driver.find_element(By.ID, "status-banner").text
    if "账号已启用" not in banner:
        fail("the profile does not show an active account: " + banner)
    if driver.find_element(By.ID, "profile-name").text != display_name:
        fail("the name is not shown verbatim after login")
    no_alert(driver)
    print("logged in; profile shows an active account", flush=True)
    driver.save_screenshot(os.path.join(shots, "active.png"))


def main():
    phase, base, ca_pem, shots = sys.argv[1:5]
    os.makedirs(shots, exist_ok=True)
    driver = browser(ca_pem)
    try:
        if phase == "register":
            register(driver, base, shots, *sys.argv[5:9])
        elif phase == "login":
            login(driver, base, shots, *sys.argv[5:8])
        else:
            fail("unknown phase " + phase)
    finally:
        driver.quit()
    print("OK", flush=True)


if __name__ == "__main__":
    main()
