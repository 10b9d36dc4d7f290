"""The suite's scenarios about the controller's configuration, before any build: roro's section of the System page
(rendered, and saved in a browser), JCasC in and out, the credentials roro offers, and the steps' snippets.
"""
import os
import time

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
