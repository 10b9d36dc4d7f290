"""Roro's Jenkins integration suite (it/jenkins/run.sh JENKINS_URL [SCENARIO ...]): each scenario does what a user
does on a live controller and checks what they would see; one line per scenario, then "N passed, N failed"."""
import os
import re
import sys
import time
import traceback

from jenkins_client import Jenkins, JenkinsError
from project import Project
import configuration
import permissions
import scenarios

ORDER = [
    "config-page", "config-form", "casc", "credentials", "snippets",
    "deploy-train-serve", "retrain-job", "restart-mid-training", "canary", "rollback", "pages-per-permission",
    "cleanup",
]


def main(argv):
    url, wanted = argv[0], argv[1:] or ORDER
    unknown = [w for w in wanted if w not in ORDER]
    if unknown:
        print("unknown scenario(s): " + ", ".join(unknown) + "; known: " + ", ".join(ORDER), file=sys.stderr)
        return 2
    jenkins = Jenkins(url, os.environ.get("JENKINS_USER"), os.environ.get("JENKINS_TOKEN"))
    version = jenkins.request("/api/json")[2].get("X-Jenkins", "?")
    print(f"roro integration suite on Jenkins {version} at {url}, {time.strftime('%Y-%m-%d %H:%M %Z')}", flush=True)
    passed = failed = skipped = 0
    with Project(os.environ.get("IT_GIT_HOST", "127.0.0.1")) as project:
        state = scenarios.State(jenkins, project, os.environ.get("IT_LABEL", "built-in"))
        for name in ORDER:
            if name not in wanted:
                continue
            started = time.time()
            try:
                scenario = name.replace("-", "_")
                module = next(m for m in (configuration, scenarios, permissions) if hasattr(m, scenario))
                note = getattr(module, scenario)(state) or ""
                outcome = "SKIP" if note.startswith("skipped") else "PASS"
            except (AssertionError, JenkinsError) as e:
                outcome, note = "FAIL", str(e).strip().replace("\n", " | ")[:1500]
            except Exception:  # a defect of the suite itself: say where
                outcome, note = "FAIL", traceback.format_exc().strip().replace("\n", " | ")[-1500:]
            passed += outcome == "PASS"
            failed += outcome == "FAIL"
            skipped += outcome == "SKIP"
            print(f"{outcome} {name} ({time.time() - started:.0f} s){': ' + note if note else ''}", flush=True)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 and skipped == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
