#!/bin/sh
# Stands in for the roro command in plugin tests: answers like `roro ... --json` would, from canned JSON.
# State lives in $FAKE_RORO_DIR so a test can decide when a training finishes (touch $FAKE_RORO_DIR/done).
state="${FAKE_RORO_DIR:?}"
echo "$*" >> "$state/calls"
case "$1 $2" in
  "version --json")
    # the plugin checks the command's version once per build and node; FAKE_RORO_VERSION plays another one
    printf '{"java":"17.0.15","version":"%s"}\n' "${FAKE_RORO_VERSION:-$RORO_PLUGIN_VERSION}"
    ;;
  "deploy --target")
    printf '{"project":"credit-risk","number":3,"build":{"project":"credit-risk","tag":"abc-123","image":"roro/credit-risk:abc-123","git":{"commit":"abc","branch":"main","remote":"https://git.example.com/credit.git","dirty":false}},"services":[{"service":"default","endpoint":"http://127.0.0.1:8080/","modelVersion":"credit-model:v2","problem":null}],"schedules":[{"task":"retrain","job":"roro-retrain/credit-risk/retrain","jenkinsSpec":"TZ=Europe/Berlin\\n0 10 * * *","nextRuns":[],"serve":"default"}]}\n'
    ;;
  "train retrain")
    echo "training started" >&2
    printf '{"trainingId":"credit-risk:retrain-1","container":"roro-train-credit-risk-retrain-1"}\n'
    ;;
  "train status")
    if [ -f "$state/done" ]; then
      printf '{"training":"credit-risk:retrain-1","state":"FINISHED","progress":1.0,"metrics":{"auc":0.9},"modelVersion":"credit-model:v3"}\n'
    elif [ -f "$state/fail" ]; then
      printf '{"training":"credit-risk:retrain-1","state":"FAILED","progress":0.2,"metrics":{},"reason":"exit code 3: bad row 17"}\n'
      exit 1
    else
      printf '{"training":"credit-risk:retrain-1","state":"RUNNING","progress":0.5,"metrics":{}}\n'
    fi
    ;;
  "serve default")
    printf '{"project":"credit-risk","service":"default","modelVersion":"credit-model:v3","endpoint":"http://127.0.0.1:8080/"}\n'
    ;;
  *)
    echo "fake roro: unexpected $*" >&2
    exit 2
    ;;
esac
