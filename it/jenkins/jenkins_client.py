"""A small client of Jenkins' HTTP API for the integration suite: crumbs, jobs, builds and their consoles.

Only the standard library: the suite runs wherever python3 and a Jenkins URL are at hand.
"""
import base64
import http.cookiejar
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from xml.sax.saxutils import escape


class JenkinsError(Exception):
    """An answer of Jenkins that a scenario cannot go on from (with its HTTP status and body)."""


class Jenkins:
    def __init__(self, url, user=None, token=None):
        self.url = url.rstrip("/")
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)
        self.auth = None
        if user and token:
            self.auth = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()
        self._crumb = None

    def request(self, path, data=None, headers=None, method=None, ok=(200,)):
        """(status, body, headers) of path; a status outside ok raises JenkinsError."""
        url = path if path.startswith("http") else self.url + path
        all_headers = dict(headers or {})
        if self.auth:
            all_headers["Authorization"] = self.auth
        if data is not None or method == "POST":
            all_headers.update(self.crumb())
        req = urllib.request.Request(url, data=data, headers=all_headers, method=method)
        try:
            with self.opener.open(req, timeout=60) as answer:
                status, body, got = answer.status, answer.read().decode("utf-8", "replace"), answer.headers
        except urllib.error.HTTPError as e:
            status, body, got = e.code, e.read().decode("utf-8", "replace"), e.headers
        if status not in ok:
            raise JenkinsError(f"{method or ('POST' if data is not None else 'GET')} {path}: HTTP {status}: "
                               f"{body[:2000]}")
        return status, body, got

    def crumb(self):
        if self._crumb is None:
            headers = {"Authorization": self.auth} if self.auth else {}
            req = urllib.request.Request(self.url + "/crumbIssuer/api/json", headers=headers)
            try:
                with self.opener.open(req, timeout=30) as answer:
                    issued = json.loads(answer.read())
                self._crumb = {issued["crumbRequestField"]: issued["crumb"]}
            except urllib.error.HTTPError as e:
                if e.code != 404:  # no crumb issuer: CSRF protection is off
                    raise JenkinsError(f"crumbIssuer: HTTP {e.code}") from e
                self._crumb = {}
        return self._crumb

    def get_json(self, path):
        return json.loads(self.request(path.rstrip("/") + "/api/json")[1])

    def post_form(self, path, fields, ok=(200,)):
        data = urllib.parse.urlencode(fields).encode()
        return self.request(path, data, {"Content-Type": "application/x-www-form-urlencoded"}, ok=ok)

    def exists(self, job_path):
        return self.request(job_url(job_path) + "/api/json", ok=(200, 404))[0] == 200

    def put_pipeline(self, name, script):
        """Creates or updates the top-level Pipeline job name with script as its sandboxed inline script."""
        xml = ("<?xml version='1.1' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job\">"
               "<description>roro integration suite</description><keepDependencies>false</keepDependencies>"
               "<definition class=\"org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition\" plugin=\"workflow-cps\">"
               f"<script>{escape(script)}</script><sandbox>true</sandbox></definition>"
               "<disabled>false</disabled></flow-definition>").encode()
        headers = {"Content-Type": "application/xml"}
        if self.exists(name):
            self.request(f"/job/{name}/config.xml", xml, headers)
        else:
            self.request("/createItem?name=" + urllib.parse.quote(name), xml, headers)

    def build(self, job_path, timeout=900):
        """Starts a build of job_path, waits for its end; returns (number, result, console)."""
        _, _, headers = self.request(job_url(job_path) + "/build?delay=0sec", method="POST", ok=(200, 201))
        queued = headers.get("Location")
        if not queued:
            raise JenkinsError(f"build of {job_path} was not queued")
        number = None
        for _ in range(600):
            item = json.loads(self.request(queued.rstrip("/") + "/api/json")[1])
            if item.get("cancelled"):
                raise JenkinsError(f"build of {job_path} was cancelled in the queue")
            if item.get("executable"):
                number = item["executable"]["number"]
                break
            time.sleep(1)
        if number is None:
            raise JenkinsError(f"build of {job_path} never started ({item.get('why')})")
        return (number,) + self.wait(job_path, number, timeout)

    def wait(self, job_path, number, timeout=900):
        """(result, console) of build number of job_path once it has ended."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            build = self.get_json(f"{job_url(job_path)}/{number}")
            if not build.get("building") and build.get("result"):
                return build["result"], self.console(job_path, number)
            time.sleep(2)
        raise JenkinsError(f"{job_path} #{number} did not end within {timeout} s")

    def console(self, job_path, number):
        return self.request(f"{job_url(job_path)}/{number}/consoleText")[1]


def job_url(job_path):
    """/job/a/job/b for a/b."""
    return "".join("/job/" + urllib.parse.quote(part) for part in job_path.strip("/").split("/"))
