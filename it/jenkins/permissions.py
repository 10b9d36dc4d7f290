"""The Models and Lineage pages as a user who may read one project's folder and not another's.

Jenkins core has no per-item authorization of its own (that is matrix-auth's or role-strategy's), and the suite must
run on any controller: the scenario installs, through the script console, Jenkins' own user database and a small
authorization strategy (it-admin may do everything; it-alice may read Jenkins, roro's top folder and the suite
project's folder, nothing else), checks what it-alice sees, and puts the controller back as it found it.
"""
import secrets
import urllib.parse

from jenkins_client import Jenkins, JenkinsError

SECURE = """
import hudson.model.*
import hudson.security.*
import java.util.function.BiFunction
import jenkins.model.Jenkins
import com.cloudbees.hudson.plugins.folder.Folder

class ItStrategy extends AuthorizationStrategy {
  String readable
  ItStrategy(String readable) { this.readable = readable }
  private ACL acl(String fullName) {
    ACL.lambda2({ a, p -> a.name == 'it-admin' || (a.name == 'it-alice' && (p == Jenkins.READ
        || ((p == Item.READ || p == Item.DISCOVER) && fullName != null && (fullName == 'roro-retrain'
            || fullName == readable || fullName.startsWith(readable + '/'))))) } as BiFunction)
  }
  ACL getRootACL() { acl(null) }
  ACL getACL(AbstractItem item) { acl(item.fullName) }
  ACL getACL(Job job) { acl(job.fullName) }
  Collection<String> getGroups() { [] }
}

def j = Jenkins.get()
def top = j.getItemByFullName('roro-retrain')
if (top.getItem('OTHER') == null) {
  def other = top.createProject(Folder, 'OTHER')
  other.setDescription('roro project OTHER')
}
def realm = new HudsonPrivateSecurityRealm(false)
realm.createAccount('it-admin', 'ADMIN_PASSWORD')
realm.createAccount('it-alice', 'ALICE_PASSWORD')
j.setSecurityRealm(realm)
j.setAuthorizationStrategy(new ItStrategy('roro-retrain/PROJECT'))
println 'secured'
"""

RESTORE = """
import hudson.security.*
import jenkins.model.Jenkins
def j = Jenkins.get()
j.getItemByFullName('roro-retrain/OTHER')?.delete()
j.setAuthorizationStrategy(AuthorizationStrategy.UNSECURED)
j.setSecurityRealm(SecurityRealm.NO_AUTHENTICATION)
j.save()
println 'restored'
"""


def script(jenkins, text):
    _, body, _ = jenkins.request("/scriptText", urllib.parse.urlencode({"script": text}).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
    return body


def pages_per_permission(state):
    """it-alice, who may read the suite project's folder only, sees its Models and Lineage pages and no other's."""
    project = state.project.name
    other = project + "-other"
    folder = f"/job/roro-retrain/job/{project}/roro-models/"
    other_folder = f"/job/roro-retrain/job/{other}/roro-models/"
    if state.jenkins.get_json("/api/json").get("useSecurity"):
        return "skipped: the controller has security on; the scenario installs its own (a throw-away controller)"
    # another project in lineage: its model must not show to it-alice anywhere
    state.pipeline("other", f"""
  dir('other') {{
    writeFile file: 'roro.yml', text: 'project: {other}\\nruntime: python3\\nmodels: [{other}-model]\\n'
    roroDeploy dir: '.', target: 'docker'
  }}""")
    admin_password, alice_password = secrets.token_hex(12), secrets.token_hex(12)
    secured = script(state.jenkins, SECURE.replace("OTHER", other).replace("PROJECT", project)
                     .replace("ADMIN_PASSWORD", admin_password).replace("ALICE_PASSWORD", alice_password))
    assert "secured" in secured, "the script console did not install the test security: " + secured[:500]
    admin = Jenkins(state.jenkins.url, "it-admin", admin_password)
    try:
        alice = Jenkins(state.jenkins.url, "it-alice", alice_password)
        _, own, _ = alice.request(folder)
        assert project in own and state.project.model in own, "it-alice does not see her project's Models page"
        assert other + "-model" not in own, "it-alice's page shows the other project's model"
        status, _, _ = alice.request(other_folder, ok=(403, 404))
        _, across, _ = alice.request(folder + "projects/" + other, ok=(200, 403, 404))
        assert other + "-model" not in across, "it-alice reads the other project through her folder's page"
        _, models, _ = alice.request(folder + "models", ok=(200, 403, 404))
        assert other + "-model" not in models, "the models list under her folder names the other project's model"
        _, seen, _ = admin.request(other_folder)
        assert other + "-model" in seen, "it-admin does not see the other project's page (the check proves nothing)"
        return f"it-alice: her folder's page 200, the other folder's {status}, the other project shown nowhere"
    finally:
        restored = script(admin, RESTORE.replace("OTHER", other))
        assert "restored" in restored, "the controller was not put back (security left on): " + restored[:500]
        state.jenkins._crumb = None
