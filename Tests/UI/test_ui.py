#!/usr/bin/env python3
"""The page at /ui in a real browser (make test-ui, after make release).

Debian's chromium and chromedriver, headless, driven by PyPI's selenium.
Oracles: /snapshot.json at the same publication, /proc/<pid>/ns/* of the
processes the tests make, `stat` of the bind mounts they make, /probe asked
directly. Every test removes what it made (processes killed and reaped,
bind mounts unmounted, `ip netns` entries deleted) and checks it is gone.

Screenshots of every view go to UI_TEST_OUT (default .build/ui-test/).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import bcrypt
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Tools"))
import waiting  # noqa: E402
from waiting import free_port  # noqa: E402
BINARY = os.environ.get("EXPORTER", os.path.join(ROOT, ".build", "release", "namespace_exporter"))
OUT = os.environ.get("UI_TEST_OUT", os.path.join(ROOT, ".build", "ui-test"))
TYPES = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]
HOSTILE = "<img src=x onerror=alert(1)>"


def eventually(condition, seconds=20):
    """As waiting.eventually; a row redrawn while it was read is asked again."""
    return waiting.eventually(condition, seconds, 0.1, StaleElementReferenceException)



def request(url, headers=None, timeout=30):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def ns_inode(pid, kind):
    return int(os.readlink(f"/proc/{pid}/ns/{kind}").split("[")[1].rstrip("]"))


def publication(etag):
    """The publication an ETag names: `"s12-gz"` and `"s12"` are both 12."""
    return (etag or "").strip('"').split("-")[0]


class Exporter:
    """The release binary on a free loopback port, with `args`."""

    def __init__(self, *args):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [BINARY, f"--web.listen-address=127.0.0.1:{self.port}", *args], stdout=self.log, stderr=subprocess.STDOUT)
        if not eventually(lambda: self.ready(), 60):
            self.stop()
            raise AssertionError(f"exporter did not serve a sample: {self.output()}")

    def ready(self, headers=None):
        try:
            status, _, body = request(self.base + "/snapshot.json", headers)
        except OSError:
            return False
        return status == 200 and json.loads(body).get("namespaces") or status == 401

    def json(self, path, headers=None):
        status, answer, body = request(self.base + path, headers)
        assert status == 200, f"{path}: {status}"
        return answer, json.loads(body)

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Browser:
    """Headless chromium as Debian ships it, as root (so without its sandbox)."""

    def __init__(self, authorization=None):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        self.profile = tempfile.mkdtemp(prefix="nsx-ui-chromium-")
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
                     f"--user-data-dir={self.profile}", "--no-first-run", "--disable-extensions"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
        self.driver.set_page_load_timeout(30)
        if authorization:
            self.driver.execute_cdp_cmd("Network.enable", {})
            self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": authorization}})

    def open(self, url):
        self.driver.get(url)
        rendered = eventually(lambda: self.driver.execute_script("return document.body.dataset.firstRenderMs"), 30)
        assert rendered, f"{url}: the page never rendered a snapshot; console: {self.console()}"
        return float(rendered)

    def find(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for(self, css, seconds=20):
        found = eventually(lambda: self.find(css), seconds)
        assert found, f"nothing matches {css} within {seconds} s; console: {self.console()}"
        return found[0]

    def text(self, css):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", css)

    def console(self):
        return self.driver.get_log("browser")

    def errors(self):
        """Console errors and CSP violations since the last call."""
        logged = [entry for entry in self.console() if entry["level"] in ("SEVERE", "ERROR")]
        violations = self.driver.execute_script("return document.body.dataset.cspViolations || ''")
        return logged + ([{"csp_violations": violations}] if violations else [])

    def alert(self):
        try:
            return self.driver.switch_to.alert.text
        except NoAlertPresentException:
            return None

    def view(self, name):
        self.driver.find_element(By.CSS_SELECTOR, f'#views button[data-view="{name}"]').click()
        self.wait_for(f'#view[data-view="{name}"]')

    def screenshot(self, name):
        os.makedirs(OUT, exist_ok=True)
        path = os.path.join(OUT, f"{name}.png")
        self.driver.save_screenshot(path)
        return path

    def quit(self):
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


class Made:
    """Processes, mounts and `ip netns` entries a test made, removed in reverse."""

    def __init__(self):
        self.undo = []

    def process(self, args):
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.undo.append(lambda: (child.kill(), child.wait()))
        return child

    def netns(self, name):
        subprocess.run(["ip", "netns", "add", name], check=True)
        self.undo.append(lambda: subprocess.run(["ip", "netns", "delete", name], check=True))
        return os.stat(f"/run/netns/{name}").st_ino

    def bind(self, source, target):
        subprocess.run(["mount", "--bind", source, target], check=True)
        self.undo.append(lambda: subprocess.run(["umount", target], check=True))

    def path(self, path):
        self.undo.append(lambda: shutil.rmtree(path, ignore_errors=True))
        return path

    def remove(self):
        for step in reversed(self.undo):
            step()
        self.undo.clear()


def member_of_new_namespaces(made, *flags, script="exec sleep 1000"):
    """A process in new namespaces (`unshare --net --uts`), once its links name them."""
    child = made.process(["unshare", *flags, "sh", "-c", script])
    own = ns_inode(os.getpid(), "net")
    assert eventually(lambda: ns_inode(child.pid, "net") != own and os.readlink(f"/proc/{child.pid}/exe").endswith("sleep"), 10), \
        "unshare did not make its namespaces"
    return child


def fd_target(pid, fd):
    """What /proc/<pid>/fd/<fd> reads, or None before the process opened it."""
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None


def mounted(path):
    with open("/proc/self/mountinfo") as mounts:
        return any(line.split()[4] == path for line in mounts)


class PageTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(BINARY):
            raise AssertionError(f"{BINARY} is missing: make release first")
        cls.exporter = Exporter()
        cls.browser = Browser()

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.exporter.stop()

    def setUp(self):
        self.made = Made()
        self.browser.errors()  # forget what an earlier test logged

    def tearDown(self):
        self.made.remove()

    def url(self, query=""):
        return f"{self.exporter.base}/ui{query}"

    def assertNoErrors(self):
        self.assertEqual(self.browser.errors(), [])
        self.assertIsNone(self.browser.alert())

    def test_1_counts_per_type_equal_the_snapshot_of_the_same_publication(self):
        self.browser.open(self.url())
        self.browser.screenshot("tree")

        def same_publication():
            shown = self.browser.driver.execute_script(
                "const s = document.getElementById('summary'); return [s.dataset.snapshot,"
                " Object.fromEntries(Array.from(s.querySelectorAll('[data-type]')).map(e => [e.dataset.type, +e.dataset.count]))]")
            headers, snapshot = self.exporter.json("/snapshot.json")
            if publication(shown[0]) != publication(headers["ETag"]):
                return None
            return shown[1], snapshot

        got = eventually(same_publication, 30)
        self.assertTrue(got, "the page never showed the publication /snapshot.json serves")
        shown, snapshot = got
        for kind in TYPES:
            self.assertEqual(shown[kind], sum(1 for ns in snapshot["namespaces"] if ns["type"] == kind), kind)
        self.assertEqual(shown["total"], len(snapshot["namespaces"]))
        self.assertGreater(shown["net"], 0)
        self.assertNoErrors()

    def test_2_a_namespace_made_appears_with_its_member_and_holders_then_goes_and_the_feed_shows_both(self):
        child = member_of_new_namespaces(self.made, "--net", "--uts")
        made_at = time.monotonic()
        net = ns_inode(child.pid, "net")
        self.browser.open(self.url(f"?pid={child.pid}"))
        row = self.browser.wait_for(f'.row[data-key="net:{net}"]', 10)
        appeared = time.monotonic() - made_at
        print(f"net:{net} shown {appeared:.2f} s after it was made (page opened in that time)")
        self.assertLessEqual(appeared, 2.0)
        self.assertEqual(row.find_element(By.CSS_SELECTOR, ".members").text, "1")
        self.assertIn("process 1", row.find_element(By.CSS_SELECTOR, ".holders").text)
        self.assertIn(f"{child.pid} sleep", row.find_element(By.CSS_SELECTOR, ".leader").text)
        uts = ns_inode(child.pid, "uts")
        self.browser.wait_for(f'.row[data-key="uts:{uts}"]')

        self.made.remove()
        self.assertTrue(eventually(lambda: not self.browser.find(f'.row[data-key="net:{net}"]'), 10), "the row stayed after the process died")
        self.browser.view("churn")
        for kind in ("created", "destroyed"):
            self.browser.wait_for(f'#feed tr[data-key="net:{net}"][data-kind="{kind}"]', 10)
        self.browser.screenshot("churn")
        self.assertTrue(self.browser.driver.execute_script("return document.querySelector('canvas.chart').width > 0"))
        self.assertNoErrors()

    def test_3_detail_by_click_and_by_keyboard(self):
        child = member_of_new_namespaces(
            self.made, "--net", "--uts", script="echo nsx-ui-detail > /proc/sys/kernel/hostname; exec sleep 1000")
        uts = ns_inode(child.pid, "uts")
        self.browser.open(self.url(f"?pid={child.pid}"))
        self.browser.wait_for(f'.row[data-key="uts:{uts}"]').click()
        self.assertTrue(eventually(lambda: self.browser.find(f'#detail[data-key="uts:{uts}"] .hostname')), "no hostname in the detail")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.browser.driver.current_url).query)
        self.assertEqual(query["ns"], [f"uts:{uts}"], "the URL does not keep the selection")
        self.assertEqual(query["pid"], [str(child.pid)], "the URL does not keep the filter")
        self.assertEqual(self.browser.text("#detail .hostname"), ["nsx-ui-detail"])
        self.assertIn("sleep", self.browser.text("#detail .comm"))
        detail = self.browser.find("#detail")[0].text
        self.assertIn(str(child.pid), detail)
        self.assertIn("process", detail)
        self.browser.screenshot("detail")

        # The same from a shared link, by keyboard only: Tab to the tree, arrows, Enter.
        self.browser.driver.get(self.url(f"?pid={child.pid}&type=uts"))
        self.browser.wait_for(f'.row[data-key="uts:{uts}"]')
        keys = lambda key: ActionChains(self.browser.driver).send_keys(key).perform()
        for _ in range(30):
            if self.browser.driver.execute_script("return document.activeElement.classList.contains('scroller')"):
                break
            keys(Keys.TAB)
        self.assertTrue(self.browser.driver.execute_script("return document.activeElement.classList.contains('scroller')"),
                        "Tab never reaches the tree")
        for _ in range(10):
            if self.browser.find(f'.row.cursor[data-key="uts:{uts}"]'):
                break
            keys(Keys.ARROW_DOWN)
        keys(Keys.ENTER)
        self.assertTrue(eventually(lambda: self.browser.find(f'#detail[data-key="uts:{uts}"] .hostname')), "Enter did not open the detail")
        self.assertEqual(self.browser.text("#detail .hostname"), ["nsx-ui-detail"])
        self.assertNoErrors()

    def test_4_a_pinned_namespace_is_a_leak_candidate_with_its_bind_mount_path(self):
        name = f"nsx-ui-{os.getpid()}"
        inode = self.made.netns(name)
        self.browser.open(self.url("?view=leaks"))
        row = self.browser.wait_for(f'#leaks-pinned tr.leak[data-key="net:{inode}"]')
        self.assertIn(f"/run/netns/{name}", row.text)
        self.assertIn("bindmount 1", row.text)
        self.browser.screenshot("leaks")
        self.browser.view("tree")
        self.browser.driver.get(self.url(f"?type=net&ns=net:{inode}"))
        self.assertTrue(eventually(lambda: self.browser.find(f'.row.leak[data-key="net:{inode}"]')), "the tree does not mark it")
        self.assertIn(f"/run/netns/{name}", self.browser.text("#detail .mount-point"))
        self.made.remove()
        self.assertNotIn(name, subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout)
        self.assertTrue(eventually(lambda: not self.browser.find(f'.row[data-key="net:{inode}"]')), "the row stayed after ip netns delete")
        self.assertNoErrors()

    def test_4b_namespaces_held_only_by_fds_name_the_processes_holding_them(self):
        # One fd on /proc/<member>/ns/net after the member exits; one opened
        # through /run/netns/<name> (as CNI plugins do) after ip netns delete.
        member = self.made.process(["unshare", "--net", "sleep", "1000"])
        own = ns_inode(os.getpid(), "net")
        self.assertTrue(eventually(lambda: ns_inode(member.pid, "net") != own), "unshare did not make its namespace")
        by_member = ns_inode(member.pid, "net")
        first = self.made.process(["sh", "-c", f"exec sleep 1000 3< /proc/{member.pid}/ns/net"])
        self.assertTrue(eventually(lambda: fd_target(first.pid, 3) == f"net:[{by_member}]"), "no fd on the namespace")
        member.kill()
        member.wait()
        name = f"nsx-ui-fd-{os.getpid()}"
        subprocess.run(["ip", "netns", "add", name], check=True)
        by_path = os.stat(f"/run/netns/{name}").st_ino
        try:
            second = self.made.process(["sh", "-c", f"exec sleep 1000 3< /run/netns/{name}"])
            self.assertTrue(eventually(lambda: fd_target(second.pid, 3) == f"/run/netns/{name}"), "no fd on the bind mount")
        finally:
            subprocess.run(["ip", "netns", "delete", name], check=True)
        # Fds are read by the full scan: an exporter of its own, started now.
        exporter = Exporter()
        self.made.undo.append(exporter.stop)
        self.browser.open(f"{exporter.base}/ui?view=leaks")
        for inode, holder in ((by_member, first), (by_path, second)):
            row = self.browser.wait_for(f'#leaks-pinned tr.leak[data-key="net:{inode}"]')
            self.assertIn(f"1 open file descriptor (pid {holder.pid})", row.text)
            row.find_element(By.CSS_SELECTOR, "button.link").click()
            self.assertTrue(eventually(lambda: self.browser.text(f'#detail[data-key="net:{inode}"] .fd-owner') == ["sleep"]),
                            self.browser.text("#detail .fd-owner"))
            self.assertIn(str(holder.pid), self.browser.find("#detail")[0].text)
        self.assertNoErrors()
        self.made.remove()
        self.assertIsNotNone(second.returncode)

    def test_5_limits_and_stale_netns_entries_as_the_full_scan_reads_them(self):
        # A net namespace charged to root and a stale /run/netns entry (a
        # plain file), before an exporter of its own starts: creators and
        # stale entries are read by the full scan, not from events.
        self.made.netns(f"nsx-ui-limit-{os.getpid()}")
        stale = f"/run/netns/nsx-ui-stale-{os.getpid()}"
        open(stale, "w").close()
        self.made.undo.append(lambda: os.remove(stale))
        exporter = Exporter()
        self.made.undo.append(exporter.stop)
        self.browser.open(f"{exporter.base}/ui?view=limits")

        def same_publication():
            row = self.browser.find('.limits tr[data-type="net"][data-uid="0"]')
            headers, snapshot = exporter.json("/snapshot.json")
            shown = self.browser.driver.execute_script("return document.body.dataset.snapshot")
            if not row or publication(shown) != publication(headers["ETag"]):
                return None
            return row[0].text.split(), snapshot

        got = eventually(same_publication, 20)
        self.assertTrue(got, "no row for net namespaces of uid 0")
        cells, snapshot = got
        with open("/proc/sys/user/max_net_namespaces") as limit:
            self.assertEqual(cells[1:4], ["0", str(snapshot["owned"]["net"]["0"]), limit.read().strip()])
        self.browser.screenshot("limits")
        self.browser.view("leaks")
        self.assertTrue(eventually(lambda: stale in self.browser.text(".stale li")), self.browser.text(".stale li"))
        self.assertNoErrors()

    def test_6_a_probe_run_from_the_page_shows_success_and_every_check(self):
        self.browser.open(self.url("?view=probes"))
        button = self.browser.wait_for('button[data-module="uts"]')
        status, _, body = request(self.exporter.base + "/probe?module=uts")
        self.assertEqual(status, 200)
        expected = sorted(line.split('check="')[1].split('"')[0] for line in body.decode().splitlines()
                          if line.startswith("probe_namespace_check_success{"))
        self.assertTrue(expected)
        button.click()
        result = self.browser.wait_for('#probe-results .result[data-module="uts"]', 30)
        self.assertEqual(result.get_attribute("data-success"), "true")
        self.assertEqual(result.find_element(By.CSS_SELECTOR, ".probe-success").text, "1")
        self.assertEqual(sorted(self.browser.text("#probe-results .result[data-module='uts'] .check")), expected)
        self.assertIn("enter", result.text)
        self.browser.screenshot("probes")
        self.assertNoErrors()

    def test_7_hostile_names_are_shown_as_text_and_run_nothing(self):
        folder = self.made.path(tempfile.mkdtemp(prefix="nsx-ui-"))
        # comm: the name of the executable, as exec sets it (15 bytes kept).
        link = os.path.join(folder, "<svg onload=alert(2)>")
        os.symlink(shutil.which("sleep"), link)
        long_part = "L" * 200
        deep = os.path.join(folder, long_part, long_part, HOSTILE)
        os.makedirs(os.path.dirname(deep))
        open(deep, "w").close()
        script = f"printf '%s' '{HOSTILE}' > /proc/sys/kernel/hostname; exec '{link}' 1000"
        child = self.made.process(["unshare", "--net", "--uts", "sh", "-c", script])
        self.assertTrue(eventually(lambda: os.readlink(f"/proc/{child.pid}/exe").endswith("sleep")), "the hostile process did not start")
        with open(f"/proc/{child.pid}/comm") as comm:
            hostile_comm = comm.read().strip()
        self.assertTrue(hostile_comm.startswith("<svg"), hostile_comm)
        net, uts = ns_inode(child.pid, "net"), ns_inode(child.pid, "uts")
        self.made.bind(f"/proc/{child.pid}/ns/net", deep)

        self.browser.open(self.url(f"?pid={child.pid}&ns=uts:{uts}"))
        self.browser.wait_for(f'.row[data-key="uts:{uts}"]')
        self.assertTrue(eventually(lambda: self.browser.text("#detail .hostname") == [HOSTILE]), self.browser.text("#detail .hostname"))
        self.assertIn(hostile_comm, self.browser.text("#detail .comm"))
        leader = self.browser.find(f'.row[data-key="uts:{uts}"] .leader')[0]
        self.assertEqual(leader.text, f"{child.pid} {hostile_comm}")
        self.browser.find(f'.row[data-key="net:{net}"]')[0].click()
        self.assertTrue(eventually(lambda: deep in self.browser.text("#detail .mount-point")), self.browser.text("#detail .mount-point"))
        self.browser.screenshot("hostile")
        self.browser.view("leaks")
        self.browser.view("churn")
        self.browser.view("tree")
        markup = self.browser.driver.execute_script("return document.querySelectorAll('#view img, #view svg, #detail img, #detail svg').length")
        self.assertEqual(markup, 0, "a name was parsed as markup")
        self.assertNoErrors()
        self.made.remove()
        self.assertFalse(mounted(deep))
        self.assertFalse(os.path.exists(folder))


class AuthTests(unittest.TestCase):
    """With basic auth configured, the page and every request it makes need it."""

    def test_8_the_page_and_every_request_it_makes_require_basic_auth(self):
        folder = tempfile.mkdtemp(prefix="nsx-ui-auth-")
        try:
            config = os.path.join(folder, "web.yml")
            hashed = bcrypt.hashpw(b"s3cret", bcrypt.gensalt(rounds=4)).decode()
            with open(config, "w") as out:
                out.write(f"basic_auth_users:\n  operator: {hashed}\n")
            exporter = Exporter(f"--web.config.file={config}")
            authorization = "Basic " + base64.b64encode(b"operator:s3cret").decode()
            try:
                browser = Browser(authorization)
                try:
                    browser.open(f"{exporter.base}/ui?view=probes")
                    browser.wait_for('button[data-module="uts"]').click()
                    browser.wait_for('#probe-results .result[data-module="uts"]', 30)
                    urls = browser.driver.execute_script(
                        "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]")
                    self.assertEqual(browser.errors(), [])
                finally:
                    browser.quit()
                paths = {url.split(exporter.base, 1)[1].split("?")[0] for url in urls}
                for expected in ("/ui", "/ui/app.js", "/ui/ui.css", "/snapshot.json", "/events", "/probe"):
                    self.assertIn(expected, paths)
                for url in set(urls):
                    self.assertTrue(url.startswith(exporter.base), f"the page asked elsewhere: {url}")
                    status, headers, _ = request(url)
                    self.assertEqual(status, 401, url)
                    self.assertIn("Basic", headers.get("WWW-Authenticate", ""))
                    status, _, _ = request(url, {"Authorization": "Basic " + base64.b64encode(b"operator:wrong").decode()})
                    self.assertEqual(status, 401, url)
                    status, _, _ = request(url, {"Authorization": authorization})
                    self.assertEqual(status, 200, url)
                unauthorized = Browser()
                try:
                    unauthorized.driver.get(f"{exporter.base}/ui")
                    self.assertIsNone(unauthorized.driver.execute_script("return document.body.dataset.firstRenderMs || null"))
                    self.assertFalse(unauthorized.find("#summary"))
                finally:
                    unauthorized.quit()
            finally:
                exporter.stop()
        finally:
            shutil.rmtree(folder)


class ScreenshotTests(unittest.TestCase):
    def test_9_a_screenshot_of_each_view_was_written(self):
        for name in ("tree", "detail", "leaks", "limits", "churn", "probes", "hostile"):
            path = os.path.join(OUT, f"{name}.png")
            self.assertTrue(os.path.exists(path), path)
            with open(path, "rb") as png:
                self.assertEqual(png.read(8), b"\x89PNG\r\n\x1a\n", path)
        with open(os.path.join(ROOT, "README.md")) as readme:
            self.assertIn("docs/ui.png", readme.read())
        with open(os.path.join(ROOT, "docs", "ui.png"), "rb") as png:
            data = png.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        self.assertLess(len(data), 200_000, "the README's screenshot should stay small")


if __name__ == "__main__":
    unittest.main()
