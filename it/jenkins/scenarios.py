"""The suite's scenarios, in the order runner.ORDER runs them; each returns a note or raises AssertionError saying
what a user would have seen. Later scenarios use what earlier ones made (the deployed project, its live versions).
"""
import os
import re
import subprocess
import time

from jenkins_client import JenkinsError

APPLICATION = ('{"income": 52000, "debt_ratio": 0.31, "age": 40, "late_payments": 0, "loan_amount": 9000,'
               ' "years_employed": 6}')
# as it stands inside a double-quoted Groovy string
APPLICATION_IN_GROOVY = APPLICATION.replace('"', '\\"')

# prints the answer's headers: which model version answered
CURL = ("def served(String endpoint) {\n"
        "  def h = sh(returnStdout: true, script: \"curl -sS -m 20 -D - -o /dev/null -X POST -H 'Content-Type:"
        " application/json' -d '" + APPLICATION_IN_GROOVY + "' '${endpoint}'\")\n"
        "  echo \"IT answer headers: ${h.readLines().findAll { it.toLowerCase().startsWith('x-roro-model') }}\"\n"
        "}\n")


class State:
    def __init__(self, jenkins, project, label):
        self.jenkins = jenkins
        self.project = project
        self.label = label
        self.endpoint = None
        self.live = []  # model versions in the order they went live

    def pipeline(self, name, body, timeout=900):
        """Runs body on the label's node, in a checkout of the project; returns the console of a SUCCESS."""
        job = f"{self.project.name}-{name}"
        script = (CURL + f"node('{self.label}') {{\n  deleteDir()\n"
                  f"  git url: '{self.project.url}', branch: 'main'\n{body}\n}}\n")
        self.jenkins.put_pipeline(job, script)
        number, result, console = self.jenkins.build(job, timeout)
        assert result == "SUCCESS", f"{job} #{number} {result}: ...{tail(console)}"
        return console


def tail(console, lines=25):
    return " | ".join(console.strip().splitlines()[-lines:])


def answered_by(console):
    found = re.findall(r"IT answer headers: \[X-Roro-Model-Version: (\S+?)\]", console, re.IGNORECASE)
    assert found, "no answer from the service: ..." + tail(console)
    return found[-1]


def config_page(state):
    """Manage Jenkins > System shows roro's section (its Jelly parses and renders)."""
    _, html, _ = state.jenkins.request("/manage/configure")
    for text in ("Roro Pipeline", "MongoDB URI", "Image registry for the Kubernetes target",
                 "Other settings of the targets", "RORO_BUILDER_IMAGE = kubernetes: --builder-image"):
        assert text in html, f"'{text}' is not on /manage/configure"
    assert "SAXParseException" not in html and "Unable to create expression" not in html


def config_form(state):
    """The System page saved through the form in a browser with roro's MongoDB URI left empty (a fresh install)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        return "skipped: needs python3-selenium, chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("IT_CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=options)
    try:
        base = state.jenkins.url
        if os.environ.get("JENKINS_USER"):
            driver.get(base + "/login")
            driver.find_element(By.NAME, "j_username").send_keys(os.environ["JENKINS_USER"])
            driver.find_element(By.NAME, "j_password").send_keys(os.environ.get("JENKINS_PASSWORD", ""))
            driver.find_element(By.NAME, "Submit").click()
        driver.get(base + "/manage/configure")
        uri = driver.find_element(By.NAME, "_.mongoUri")
        uri.clear()
        driver.find_element(By.NAME, "Submit").click()
        for _ in range(100):
            if "/manage/configure" not in driver.current_url:
                break
            time.sleep(0.1)
        page = driver.page_source
        assert "/manage/configure" not in driver.current_url, "still on the System page after Save"
        assert "FormException" not in page and "mongoUri" not in page, "saving answered an error: " + page[:1500]
        driver.get(base + "/manage/configure")
        assert driver.find_element(By.NAME, "_.mongoUri").get_attribute("value") == "", "the URI is not empty"
        # a misspelt target setting (in the Advanced part) is refused at Save, naming its line; nothing is saved
        driver.execute_script("document.querySelector('textarea[name=\"_.targetSettings\"]').value ="
                              " 'RORO_BUILDR_IMAGE=x/y:v9';")
        driver.find_element(By.NAME, "Submit").click()
        time.sleep(1)
        page = driver.page_source
        assert "target settings, line 1: RORO_BUILDR_IMAGE is no target" in page, "no refusal: " + page[:1500]
        driver.get(base + "/manage/configure")
        assert "x/y:v9" not in driver.page_source, "a refused target setting was saved"
    finally:
        driver.quit()


CASC = """unclassified:
  roro:
    mongoUri: "embedded"
    database: "roro"
    defaultTarget: "docker"
    roroCommand: "roro"
    builder: "kaniko"
    registry: "registry.example.com/ml"
    targetSettings: "RORO_BUILDER_IMAGE=registry.example.com/kaniko/executor:v1"
"""


def casc(state):
    """JCasC applies roro's settings (kaniko as the cluster builder: steps with target docker must still work) and
    refuses an unresolved ${VARIABLE} as the MongoDB URI, leaving the settings as they were."""
    state.jenkins.request("/configuration-as-code/apply", CASC.encode(), {"Content-Type": "application/x-yaml"})
    _, html, _ = state.jenkins.request("/manage/configure")
    assert "registry.example.com/ml" in html, "the applied registry is not on the System page"
    unresolved = CASC.replace('"embedded"', '"${RORO_IT_NEVER_SET_URI}"').replace("example.com/ml", "example.com/x")
    status, body, _ = state.jenkins.request("/configuration-as-code/apply", unresolved.encode(),
                                            {"Content-Type": "application/x-yaml"}, ok=(200, 400, 500))
    # Jenkins answers a generic error page with a logging ID; the cause, naming mongoUri, is in the controller's log
    assert status != 200, "an unresolved mongoUri was applied"
    _, html, _ = state.jenkins.request("/manage/configure")
    assert "registry.example.com/ml" in html and "registry.example.com/x" not in html, "a refused file changed settings"
    assert "kaniko/executor:v1" in html, "the applied target settings are not on the System page"
    # a variable no target declares (a typo) is refused, naming it, and changes nothing
    typo = CASC.replace("RORO_BUILDER_IMAGE=registry.example.com/kaniko/executor:v1", "RORO_BUILDR_IMAGE=x/y:v2")
    status, body, _ = state.jenkins.request("/configuration-as-code/apply", typo.encode(),
                                            {"Content-Type": "application/x-yaml"}, ok=(200, 400, 500))
    assert status != 200, "a target setting no target declares was applied"
    _, html, _ = state.jenkins.request("/manage/configure")
    assert "kaniko/executor:v1" in html and "x/y:v2" not in html, "a refused target setting changed settings"


CREDENTIALS = """credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: "it-mongo-global"
              username: "roro"
              password: "it-pw-global"
          - usernamePassword:
              scope: SYSTEM
              id: "it-mongo-system"
              username: "roro"
              password: "it-pw-system"
"""


def credentials(state):
    """The MongoDB credentials field offers what builds can use: a Global credential, not a System one (only the
    controller sees it; steps failed with it as "not visible to this build")."""
    import json
    state.jenkins.request("/configuration-as-code/apply", CREDENTIALS.encode(), {"Content-Type": "application/x-yaml"})
    _, body, _ = state.jenkins.request("/descriptorByName/io.jenkins.plugins.roro.RoroConfiguration/"
                                       "fillMongoCredentialsIdItems?mongoCredentialsId=")
    offered = [option.get("value") for option in json.loads(body).get("values", [])]
    assert "it-mongo-global" in offered, f"the Global credential is not offered: {offered}"
    assert "it-mongo-system" not in offered, f"the System credential is offered: {offered}"
    assert "it-pw" not in body, "a password reached the page"


SNIPPETS = {
    "RoroDeployStep": ({"dir": ".", "target": "docker", "syncJobs": True}, ["roroDeploy target: 'docker'"]),
    "NhaTrainStep": ({"task": "retrain", "paramLines": "n_estimators=20\nmax_depth=3", "dir": "."},
                     ["nhaTrain ", "task: 'retrain'", "params: ['n_estimators=20', 'max_depth=3']"]),
    "PublishModelVersionStep": ({"model": "m", "path": "out", "detailLines": "reviewed_by=qa", "dir": "."},
                                ["publishModelVersion ", "model: 'm'", "path: 'out'", "details: ['reviewed_by=qa']"]),
    "ServeModelStep": ({"service": "default", "version": "m:v1", "canary": "20", "promoteAfter": "10m", "dir": "."},
                       ["serveModel ", "canary: 20", "promoteAfter: '10m'", "version: 'm:v1'"]),
    # a step whose one argument is given is written in its short form
    "RoroRunStep": ({"commandLines": "python3\ncheck.py\n--rows\n1000", "dir": "."},
                    ["roroRun(['python3', 'check.py', '--rows', '1000'])"]),
    "RoroRollbackStep": ({"service": "scoring", "dir": "."}, ["roroRollback service: 'scoring'"]),
    "RoroQuarantineStep": ({"what": "dataset/m:d:v7", "reason": "corrupt export", "dryRun": True, "dir": "."},
                           ["roroQuarantine ", "what: 'dataset/m:d:v7'", "reason: 'corrupt export'", "dryRun: true"]),
    "RoroLineageStep": ({"of": "m:v1", "dir": "."}, ["roroLineage 'm:v1'"]),
}


def snippets(state):
    """The Snippet Generator's output for each step, from what its form submits."""
    import json
    wrong = []
    for step, (form, expected) in SNIPPETS.items():
        form = dict(form, **{"stapler-class": "io.jenkins.plugins.roro." + step})
        _, snippet, _ = state.jenkins.post_form("/pipeline-syntax/generateSnippet", {"json": json.dumps(form)})
        missing = [e for e in expected if e not in snippet]
        if missing or "Exception" in snippet:
            wrong.append(f"{step}: {snippet.strip()[:300]!r} lacks {missing}")
    assert not wrong, "; ".join(wrong)


def deploy_train_serve(state):
    """roroDeploy builds and deploys; nhaTrain trains and returns the version it published; serveModel serves that
    version and the endpoint answers with it."""
    console = state.pipeline("deploy", """
  def d = roroDeploy dir: '.', target: 'docker'
  echo "IT deployed ${d.project}; untrained: ${d.untrained}"
  def t = nhaTrain task: 'retrain', params: ['n_estimators=20']
  echo "IT trained ${t.training} published ${t.version}"
  def e = serveModel service: 'default', version: t.version
  echo "IT endpoint ${e}"
  served(e)
""")
    published = re.search(r"IT trained \S+ published (\S+)", console)
    assert published and published.group(1) != "null", "nhaTrain returned no version: ..." + tail(console)
    state.endpoint = re.search(r"IT endpoint (\S+)", console).group(1)
    assert answered_by(console) == published.group(1), "the endpoint answers another version"
    state.live.append(published.group(1))
    return f"{published.group(1)} at {state.endpoint}"


def retrain_job(state):
    """The retrain job roroDeploy generated from roro.yml trains and serves the version it trained."""
    job = f"roro-retrain/{state.project.name}/retrain"
    assert state.jenkins.exists(job), f"no job {job}"
    number, result, console = state.jenkins.build(job)
    assert result == "SUCCESS", f"{job} #{number} {result}: ...{tail(console)}"
    published = re.search(r"roro: trained \S+, published (\S+)", console)
    assert published, "the job did not say what it published: ..." + tail(console)
    version = published.group(1)
    assert f"rolled out with {version}" in console, f"the job did not serve {version}: ..." + tail(console)
    state.live.append(version)
    return version


def restart_mid_training(state):
    """The controller restarts while nhaTrain follows a training; the step picks it up and ends with its version."""
    restart = os.environ.get("IT_RESTART")
    if not restart:
        return "skipped: set IT_RESTART to a command that restarts the controller"
    job = f"{state.project.name}-restart"
    script = (f"node('{state.label}') {{\n  deleteDir()\n  git url: '{state.project.url}', branch: 'main'\n"
              "  def t = nhaTrain task: 'retrain', params: ['n_estimators=400']\n"
              "  echo \"IT trained ${t.training} published ${t.version}\"\n}\n")
    state.jenkins.put_pipeline(job, script)
    from jenkins_client import job_url
    _, _, headers = state.jenkins.request(job_url(job) + "/build?delay=0sec", method="POST", ok=(200, 201))
    number = None
    for _ in range(300):
        last = state.jenkins.get_json(job_url(job)).get("lastBuild")
        if last:
            number = last["number"]
            if "runs detached; following it" in state.jenkins.console(job, number):
                break
        time.sleep(1)
    assert number, f"{job} never started"
    subprocess.run(restart, shell=True, check=True, stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            state.jenkins.request("/api/json")
            break
        except (JenkinsError, OSError):
            time.sleep(1)
    state.jenkins._crumb = None  # a new session after the restart
    result, console = state.jenkins.wait(job, number)
    assert result == "SUCCESS", f"{job} #{number} {result} after the restart: ...{tail(console)}"
    assert "after Jenkins restart" in console, "the build did not go through a restart: ..." + tail(console)
    assert re.search(r"IT trained \S+ published \S+:v\d+", console), "no version after the restart: " + tail(console)


def canary(state):
    """serveModel starts a canary beside the live version under traffic; its judge promotes it."""
    assert state.endpoint, "needs deploy-train-serve"
    console = state.pipeline("canary", f"""
  def t = nhaTrain task: 'retrain', params: ['n_estimators=30']
  echo "IT trained ${{t.training}} published ${{t.version}}"
  parallel traffic: {{
    sh "for i in \\$(seq 1 1500); do curl -s -o /dev/null -m 5 -X POST -H 'Content-Type: application/json' -d '{APPLICATION_IN_GROOVY}' '{state.endpoint}'; sleep 0.02; done"
  }}, canary: {{
    serveModel service: 'default', version: t.version, canary: 50, promoteAfter: '20s'
  }}
  served('{state.endpoint}')
""", timeout=1200)
    version = re.search(r"IT trained \S+ published (\S+)", console).group(1)
    assert answered_by(console) == version, "the promoted canary does not answer: ..." + tail(console)
    state.live.append(version)
    return version


def rollback(state):
    """roroRollback serves the version live before the current one."""
    assert len(state.live) >= 2, "needs two versions that were live"
    console = state.pipeline("rollback", f"""
  roroRollback service: 'default'
  served('{state.endpoint}')
""")
    assert answered_by(console) == state.live[-2], f"answered by {answered_by(console)}, not {state.live[-2]}"
    return state.live[-2]


def cleanup(state):
    """Stops the suite's service (roro stop, with the controller's embedded store) so that nothing keeps running."""
    state.pipeline("cleanup", """
  withEnv(["RORO_HOME=${env.JENKINS_HOME}/roro"]) { sh 'roro stop default -C . --target docker' }
""")
