#!/bin/sh
# Stands in for the roro command in plugin tests: answers like `roro ... --json` would, from canned JSON.
# Each answer has every field of the core record the command prints (io.roro.core.contract): the plugin reads
# them as those records and refuses an answer that lacks one.
# State lives in $FAKE_RORO_DIR so a test can decide when a training finishes (touch $FAKE_RORO_DIR/done).
state="${FAKE_RORO_DIR:?}"
echo "$*" >> "$state/calls"
key="$1 $2"
case "$*" in
  "serve "*" --canary "*) key="serve canary" ;;
esac
case "$key" in
  "validate .")
    # roro validate: silent and exit 0 for a valid roro.yml (pipelines/deploy.Jenkinsfile's first stage)
    [ -f roro.yml ] || { echo "roro.yml: not found in $(pwd)" >&2; exit 2; }
    ;;
  "version --json")
    # the plugin checks the command's version once per build and node; FAKE_RORO_VERSION plays another one
    printf '{"java":"17.0.15","version":"%s"}\n' "${FAKE_RORO_VERSION:-$RORO_PLUGIN_VERSION}"
    ;;
  "deploy --target")
    printf '{"project":"credit-risk","number":3,"build":{"project":"credit-risk","tag":"abc-123","image":"roro/credit-risk:abc-123","imageId":"sha256:0f","git":{"commit":"abc","branch":"main","remote":"https://git.example.com/credit.git","dirty":false},"builtFrom":"git","builtAt":"2026-12-01T10:00:00Z","origin":{"kind":"jenkins","job":"p","buildNumber":1,"url":null,"user":"alice","host":"agent-1","command":null}},"services":[{"service":"default","endpoint":"http://127.0.0.1:8080/","modelVersion":"credit-model:v2","problem":null,"trainWith":null,"candidate":null}],"schedules":[{"task":"retrain","job":"roro-retrain/credit-risk/retrain","jenkinsSpec":"TZ=Europe/Berlin\\n0 10 * * *","nextRuns":[],"serve":"default","serveIf":""}]}\n'
    ;;
  "train retrain")
    # a test holds the start here (touch $FAKE_RORO_DIR/hold-start) to see the step while it starts
    while [ -f "$state/hold-start" ]; do sleep 0.1; done
    echo "training started" >&2
    printf '{"trainingId":"credit-risk:retrain-1","container":"roro-train-credit-risk-retrain-1","workDir":null,"profile":"small","memoryLimit":null,"model":"credit-model","dataset":null,"pretrained":null,"publish":true,"originUser":"alice"}\n'
    ;;
  "train status")
    if [ -f "$state/done" ]; then
      printf '{"training":"credit-risk:retrain-1","state":"FINISHED","progress":1.0,"metrics":{"auc":0.9},"reason":null,"modelVersion":"credit-model:v3","publishError":null}\n'
    elif [ -f "$state/fail" ]; then
      printf '{"training":"credit-risk:retrain-1","state":"FAILED","progress":0.2,"metrics":{},"reason":"exit code 3: bad row 17","modelVersion":null,"publishError":null}\n'
      exit 1
    else
      printf '{"training":"credit-risk:retrain-1","state":"RUNNING","progress":0.5,"metrics":{},"reason":null,"modelVersion":null,"publishError":null}\n'
    fi
    ;;
  "run -C")
    # roro run --json: the run's TrainOutcome (its training of task run; nothing published here)
    printf '{"training":{"project":"credit-risk","name":"run-1","task":"run","buildVersion":"credit-risk:abc-123","command":"python3 check.py","notebook":null,"params":{},"profile":"default","model":null,"dataset":null,"state":"FINISHED","progress":1.0,"metrics":{},"reason":null,"createdAt":"2026-12-01T17:38:59.072Z","startedAt":"2026-12-01T17:38:59.552Z","updatedAt":"2026-12-01T17:39:00.091Z","finishedAt":"2026-12-01T17:39:00.091Z","modelVersions":[],"origin":{"kind":"jenkins","job":"p","buildNumber":1,"url":null,"user":"alice","host":"agent-1","command":null}},"version":null,"publishError":null,"served":null}\n'
    ;;
  "serve default")
    printf '{"project":"credit-risk","service":"default","revision":4,"type":"DEPLOYED","state":"RUNNING","modelVersion":"credit-model:v3","buildVersion":"credit-risk:abc-123","replicas":1,"endpoint":"http://127.0.0.1:8080/","message":null,"at":"2026-12-01T10:00:00Z","origin":{"kind":"jenkins","job":"p","buildNumber":1,"url":null,"user":"alice","host":"agent-1","command":null},"candidate":null}\n'
    ;;
  "serve canary")
    # roro serve --canary N --detach --json: the CANARY_STARTED event, with how long the canary is judged
    printf '{"project":"credit-risk","service":"default","revision":5,"type":"CANARY_STARTED","state":"RUNNING","modelVersion":"credit-model:v3","buildVersion":"credit-risk:abc-123","replicas":1,"endpoint":"http://127.0.0.1:8080/","message":"canary 10%% credit-model:v4 beside credit-model:v3","at":"2026-12-01T10:00:00Z","origin":{"kind":"jenkins","job":"p","buildNumber":1,"url":null,"user":"alice","host":"agent-1","command":null},"candidate":{"mode":"CANARY","modelVersion":"credit-model:v4","buildVersion":"credit-risk:abc-123","share":10,"judgeFor":4.000000000}}\n'
    ;;
  "promote default")
    # roro promote --judge --json: PROMOTED, or (touch $FAKE_RORO_DIR/abort) the canary taken away, exit 1
    if [ -e "$state/abort" ]; then
      echo "roro: the canary was taken away: error rate 30.0% over 40 requests is above max_error_rate 1.0%" >&2
      exit 1
    fi
    printf '{"project":"credit-risk","service":"default","revision":6,"type":"PROMOTED","state":"RUNNING","modelVersion":"credit-model:v4","buildVersion":"credit-risk:abc-123","replicas":1,"endpoint":"http://127.0.0.1:8080/","message":"promoted canary 10%% credit-model:v4, was credit-model:v3: within the limits after 4s","at":"2026-12-01T10:00:05Z","origin":{"kind":"jenkins","job":"p","buildNumber":1,"url":null,"user":"alice","host":"agent-1","command":null},"candidate":null}\n'
    ;;
  *)
    echo "fake roro: unexpected $*" >&2
    exit 2
    ;;
esac
