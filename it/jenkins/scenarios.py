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
