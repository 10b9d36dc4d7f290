package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each broken roro.yml must be reported at the right line, on the right field, with a message saying what would be
 * valid. A case lists: the YAML, the expected line, the field path, and a fragment of the message.
 */
class InvalidSpecTest {
    private static final String HEAD = "project: demo\n";
    private static final String MODELS = "models: [credit-model]\ndatasets: [credit-data]\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // top level
                bad("runtim: python3\nproject: demo\n", 1, "runtim", "did you mean 'runtime'"),
                bad("project: demo\nservice:\n  - name: a\n", 2, "service", "did you mean 'services'"),
                bad("project: demo\ntask: []\n", 2, "task", "did you mean 'tasks'"),
                bad("project: demo\nfoo: 1\n", 2, "foo", "valid keys: build, datasets"),
                bad("runtime: python3\n", 1, "project", "missing required key 'project'"),
                bad("project: ''\n", 1, "project", "'project' is empty"),
                bad("project: Credit Risk\n", 1, "project", "not a valid project name"),
                bad("project: -demo\n", 1, "project", "starting and ending with a letter or digit"),
                bad("project: demo_1\n", 1, "project", "lowercase letters, digits and '-'"),
                bad("project: " + "a".repeat(64) + "\n", 1, "project", "1-63"),
                bad("project: ../../etc\n", 1, "project", "not a valid project name"),
                bad("project: [a, b]\n", 1, "project", "expected text, found a list"),
                bad("project: true\n", 1, "project", "expected text, found a boolean"),
                bad(HEAD + "runtime: Python 3\n", 2, "runtime", "neither a runtime"),
                bad(HEAD + "runtime: 'python3; rm -rf /'\n", 2, "runtime", "neither a runtime"),
                bad(HEAD + "services: {name: a}\n", 2, "services", "expected a list"),
                bad(HEAD + "services:\n  - just-a-string\n", 3, "services[0]", "expected a mapping"),
                bad(HEAD + "tasks: 3\n", 2, "tasks", "expected a list"),
                bad(HEAD + "build: requirements.txt\n", 2, "build", "expected a mapping"),
                bad(HEAD + "build:\n  requirments: r.txt\n", 3, "build.requirments", "did you mean 'requirements'"),
                bad(HEAD + "build:\n  dockerfile: ../Dockerfile\n", 3, "build.dockerfile", "leaves the project directory"),
                bad(HEAD + "build:\n  dockerfile: /etc/passwd\n", 3, "build.dockerfile", "is absolute"),
                bad(HEAD + "build:\n  requirements: 'r.txt; curl x'\n", 3, "build.requirements", "contains ';'"),
                bad(HEAD + "build:\n  requirements: '$(id).txt'\n", 3, "build.requirements", "contains '$'"),
                // services
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    replicas: 010\n", 5, "services[0].replicas",
                        "leading zero, which YAML may read as an octal number; write 10"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    cors_allow_origins: 5\n", 5,
                        "services[0].cors_allow_origins", "expected text or a list of texts, found"),
                bad(HEAD + "services:\n  - function: predict.predict\n", 3, "services[0].name", "missing required key 'name'"),
                bad(HEAD + "services:\n  - name: API\n    function: a.b\n", 3, "services[0].name", "not a valid service name"),
                bad(HEAD + "services:\n  - name: a\n", 3, "services[0].name", "needs `function: module.function`"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    command: x\n", 5, "services[0].command", "not both"),
                bad(HEAD + "services:\n  - name: a\n    function: predict\n", 4, "services[0].function", "names no module"),
                bad(HEAD + "services:\n  - name: a\n    function: 'predict.predict()'\n", 4, "services[0].function", "not a Python function reference"),
                bad(HEAD + "services:\n  - name: a\n    function: 1mod.f\n", 4, "services[0].function", "not a Python function reference"),
                bad(HEAD + "services:\n  - name: a\n    function: 'os.system; x'\n", 4, "services[0].function", "not a Python function reference"),
                bad(HEAD + "services:\n  - name: a\n    function: import.predict\n", 4, "services[0].function", "Python keyword 'import'"),
                bad(HEAD + "services:\n  - name: a\n    function: 'pkg.mod:'\n", 4, "services[0].function", "not a Python function reference"),
                bad(HEAD + "services:\n  - name: a\n    command: ''\n", 4, "services[0].command", "command is empty"),
                bad(HEAD + "services:\n  - name: a\n    command: x\n    port: 70000\n", 5, "services[0].port", "from 1 to 65535"),
                bad(HEAD + "services:\n  - name: a\n    command: x\n    port: http\n", 5, "services[0].port", "expected a whole number"),
                bad(HEAD + "services:\n  - name: a\n    command: x\n    directory: ../web\n", 5, "services[0].directory", "leaves the project directory"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    replicas: -1\n", 5, "services[0].replicas", "from 0 to 1000"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    replicas: 2.5\n", 5, "services[0].replicas", "found a number '2.5'"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    model: m\n", 5, "services[0].model", "'m' is not defined under `models:` (there are none)"),
                bad(HEAD + MODELS + "services:\n  - name: a\n    function: a.b\n    model: credit\n", 7, "services[0].model", "defined: credit-model"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    profile: huge\n", 5, "services[0].profile", "'huge' is not defined under `profiles:`"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    size: X9\n", 5, "services[0].size", "defined: default, S1"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    size: S1\n    profile: default\n", 5, "services[0].size", "not both"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n  - name: a\n    command: x\n", 5, "services[1].name", "duplicate service name 'a'"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    autoscale: {min: 3}\n", 5, "services[0].autoscale.max", "needs `max:`"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    autoscale: {min: 5, max: 2}\n", 5, "services[0].autoscale.max", "below min 5"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    autoscale: {max: 4, cpu_percent: 0}\n", 5, "services[0].autoscale.cpu_percent", "from 1 to 1000"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    autoscale: {max: 4, cpu: 50}\n", 5, "services[0].autoscale.cpu", "unknown key 'cpu'"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    replicas: 9\n    autoscale: {min: 1, max: 4}\n", 5, "services[0].replicas", "outside autoscale's 1..4"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: {path: /x}\n", 5, "services[0].ingress.host", "missing required key 'host'"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: {host: Credit.Example.com}\n", 5, "services[0].ingress.host", "not a host name"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: {host: '*.example.com'}\n", 5, "services[0].ingress.host", "not a host name"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: {host: a.example.com, path: score}\n", 5, "services[0].ingress.path", "starts with /"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: {host: a.example.com, tls_secret: My_Cert}\n", 5, "services[0].ingress.tls_secret", "not a Kubernetes Secret name"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: {host: a.example.com, clas: nginx}\n", 5, "services[0].ingress.clas", "did you mean 'class'"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    ingress: a.example.com\n", 5, "services[0].ingress", "expected a mapping"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    health: {path: health}\n", 5, "services[0].health.path", "not an HTTP path"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    health: {path: /h, start_period_s: 9999}\n", 5, "services[0].health.start_period_s", "from 0 to 3600"),
                bad(HEAD + "services:\n  - name: a\n    function: a.b\n    cors_allow_origins: [1]\n", 5, "services[0].cors_allow_origins[0]", "expected text"),
                bad(HEAD + "services:\n  - name: a\n    functoin: a.b\n", 4, "services[0].functoin", "did you mean 'function'"),
                // tasks
                bad(HEAD + "tasks:\n  - command: python train.py\n", 3, "tasks[0].name", "missing required key 'name'"),
                bad(HEAD + "tasks:\n  - name: Retrain\n    command: x\n", 3, "tasks[0].name", "not a valid task name"),
                bad(HEAD + "tasks:\n  - name: status\n    command: x\n", 3, "tasks[0].name",
                        "'status' is a subcommand of roro train"),
                bad(HEAD + "tasks:\n  - {name: t, command: x, network: bridge}\n", 3, "tasks[0].network",
                        "host (the default, as on a laptop) or none"),
                bad(HEAD + "services:\n  - {name: default-canary, function: p.f}\n", 3, "services[0].name",
                        "the name of another service's canary (default's)"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, port: 9000}\n", 3, "services[0].port",
                        "a `function:` service is served by roro on its own port"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, replicas: 0}\n", 3, "services[0].replicas",
                        "replicas: 0 would serve nothing"),
                bad(HEAD + "build: {index_url: 'https://me:secret@pypi.example.com/simple'}\n", 2,
                        "build.index_url", "the index URL carries credentials"),
                bad(HEAD + "build: {index_url: 'ftp://pypi.example.com/simple'}\n", 2, "build.index_url",
                        "is not an http(s) URL of a package index"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    params: {n: [1, 2]}\n", 5, "tasks[0].params.n",
                        "or its type (int, float, bool, str)"),
                bad(HEAD + "tasks:\n  - name: t\n", 3, "tasks[0].name", "needs `command:`"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    notebook: n.ipynb\n", 5, "tasks[0].notebook", "not both"),
                bad(HEAD + "tasks:\n  - name: t\n    notebook: train.py\n", 4, "tasks[0].notebook", "expected a .ipynb file"),
                bad(HEAD + "tasks:\n  - name: t\n    notebook: ../../train.ipynb\n", 4, "tasks[0].notebook", "leaves the project directory"),
                bad(HEAD + "tasks:\n  - name: t\n    notebook: 'nb/`id`.ipynb'\n", 4, "tasks[0].notebook", "contains '`'"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every fortnight\n", 5, "tasks[0].when", "cannot read the schedule"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every day at 25:00\n", 5, "tasks[0].when", "not a time of day"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every day at 13:00 PM\n", 5, "tasks[0].when", "with AM/PM the hour is 1-12"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every day at 10:75\n", 5, "tasks[0].when", "not a time of day"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every day at teatime\n", 5, "tasks[0].when", "cannot read the time"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every 7 minutes\n", 5, "tasks[0].when", "must divide an hour evenly"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every 5 hours\n", 5, "tasks[0].when", "must divide a day evenly"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every month on day 32 at 10:00\n", 5, "tasks[0].when", "does not exist"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every funday at 10:00\n", 5, "tasks[0].when", "cannot read the schedule"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '61 * * * *'\n", 5, "tasks[0].schedule", "minute: 61"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '0 3 * *'\n", 5, "tasks[0].schedule", "has 4 fields"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '0 25 * * *'\n", 5, "tasks[0].schedule", "hour: 25"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '0 3 * JAN *'\n", 5, "tasks[0].schedule", "no month or day names"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '0 3 5-1 * *'\n", 5, "tasks[0].schedule", "is reversed"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: 'H/90 * * * *'\n", 5, "tasks[0].schedule", "larger than the range"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: 'H(50-70) * * * *'\n", 5, "tasks[0].schedule", "70 in 'H(50-70)' is out of range"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '@fortnightly'\n", 5, "tasks[0].schedule", "unknown '@fortnightly'"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '0 0 30 2 *'\n", 5, "tasks[0].schedule", "never runs"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '*/0 * * * *'\n", 5, "tasks[0].schedule", "step must be positive"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    when: every day\n    schedule: '@daily'\n", 6, "tasks[0].schedule", "not both"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: '@daily'\n    timezone: Mars/Olympus\n", 6, "tasks[0].timezone", "unknown time zone 'Mars/Olympus'"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    timezone: UTC\n", 5, "tasks[0].timezone", "needs a `when:` or `schedule:`"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    schedule: \"TZ=UTC\\n@daily\"\n    timezone: UTC\n", 5, "tasks[0].schedule", "given twice"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    params: {max-depth: 3}\n", 5, "tasks[0].params.max-depth", "not a valid parameter name"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    params: {layers: [1, 2]}\n", 5, "tasks[0].params.layers", "single value"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    params: [1]\n", 5, "tasks[0].params", "expected a mapping"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    model: m\n", 5, "tasks[0].model", "not defined under `models:`"),
                bad(HEAD + MODELS + "tasks:\n  - name: t\n    command: x\n    dataset: credit\n", 7, "tasks[0].dataset", "defined: credit-data"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    serve: api\n", 5, "tasks[0].serve", "not defined under `services:`"),
                bad(HEAD + "services:\n  - {name: api, function: a.b}\ntasks:\n  - name: t\n    command: x\n    serve: api\n", 7, "tasks[0].serve", "add `model:` to the task"),
                bad(HEAD + "models: [m1, m2]\nservices:\n  - {name: api, function: a.b, model: m1}\ntasks:\n  - name: t\n    command: x\n    model: m2\n    serve: api\n", 9, "tasks[0].serve", "serves model 'm1'"),
                bad(HEAD + "tasks:\n  - name: t\n    command: x\n    timeout_minutes: 0\n", 5, "tasks[0].timeout_minutes", "from 1 to"),
                bad(HEAD + "tasks:\n  - {name: t, command: x}\n  - {name: t, command: y}\n", 4, "tasks[1].name", "duplicate task name 't'"),
                // models and datasets
                bad(HEAD + "models: [Credit_Model]\n", 2, "models[0]", "not a valid model name"),
                bad(HEAD + "models:\n  - description: x\n", 3, "models[0].name", "missing required key 'name'"),
                bad(HEAD + "models:\n  - name: m\n    files: [{name: ../model.pkl}]\n", 4, "models[0].files[0].name", "not a valid file name"),
                bad(HEAD + "models:\n  - name: m\n    files: [{name: a.pkl, max_mb: 0}]\n", 4, "models[0].files[0].max_mb", "from 1 to"),
                bad(HEAD + "models:\n  - name: m\n    files: [{name: a.pkl, required: maybe}]\n", 4, "models[0].files[0].required", "expected true or false"),
                bad(HEAD + "models:\n  - name: m\n    files: [{name: a.pkl}, {name: a.pkl}]\n", 4, "models[0].files", "listed twice"),
                bad(HEAD + "models: [m, m]\n", 2, "models[1].name", "duplicate model name 'm'"),
                bad(HEAD + "datasets:\n  - name: 'data/set'\n", 3, "datasets[0].name", "not a valid dataset name"),
                bad(HEAD + "datasets:\n  - {name: d, descrption: x}\n", 3, "datasets[0].descrption", "did you mean 'description'"),
                // profiles
                bad(HEAD + "profiles:\n  small: 1\n", 3, "profiles.small", "expected a mapping"),
                bad(HEAD + "profiles:\n  'bad name': {}\n", 3, "profiles.bad name", "not a valid profile name"),
                bad(HEAD + "profiles:\n  p: {requests: {cpu: -1}}\n", 3, "profiles.p.requests.cpu", "not a CPU amount"),
                bad(HEAD + "profiles:\n  p: {requests: {cpu: 0}}\n", 3, "profiles.p.requests.cpu", "more than 0"),
                bad(HEAD + "profiles:\n  p: {requests: {memory: 512}}\n", 3, "profiles.p.requests.memory", "no unit, which is ambiguous"),
                bad(HEAD + "profiles:\n  p: {requests: {memory: 512MB}}\n", 3, "profiles.p.requests.memory", "units are Mi/Gi"),
                bad(HEAD + "profiles:\n  p: {limits: {memory: lots}}\n", 3, "profiles.p.limits.memory", "not a memory amount"),
                bad(HEAD + "profiles:\n  p: {requests: {cpu: 2}, limits: {cpu: 1}}\n", 3, "profiles.p.limits", "cpu limit 1 is below the request 2"),
                bad(HEAD + "profiles:\n  p: {requests: {memory: 2Gi}, limits: {memory: 1536Mi}}\n", 3, "profiles.p.limits", "memory limit 1536Mi is below"),
                bad(HEAD + "profiles:\n  p: {requests: {gpus: 1}}\n", 3, "profiles.p.requests.gpus", "unknown key 'gpus'"),
                bad(HEAD + "profiles:\n  p: {gpu: -1}\n", 3, "profiles.p.gpu", "from 0 to 64"),
                bad(HEAD + "profiles:\n  p: {gpu: 1, gpu_resource: acme.com/tpu}\n", 3, "profiles.p.gpu_resource", "unknown GPU resource"),
                bad(HEAD + "profiles:\n  p: {extends: q}\n", 3, "profiles.p.extends", "extends 'q', which is not defined"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, batch: {max_size: 1}}\n", 3, "services[0].batch.max_size",
                        "2"),
                bad(HEAD + "services:\n  - {name: a, command: x, port: 8000, batch: {max_size: 8}}\n", 3, "services[0].batch",
                        "batching is for `function:` services"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, batch: {max_wait: 5}}\n", 3, "services[0].batch.max_wait",
                        "max_wait_ms"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, rollout: {canary: 100}}\n", 3,
                        "services[0].rollout.canary", "from 1 to 99"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, rollout: {promote_after: 10 minutes}}\n", 3,
                        "services[0].rollout.promote_after", "e.g. 90s, 10m, 1h"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, rollout: {max_error_rate: 0.01}}\n", 3,
                        "services[0].rollout.max_error_rate", "percentage from 0% to 100% (e.g. 1% or 0.5%)"),
                bad(HEAD + "services:\n  - {name: a, function: p.f, rollout: {min_request: 5}}\n", 3,
                        "services[0].rollout.min_request", "did you mean 'min_requests'"),
                bad(HEAD + "profiles:\n  p: {extends: q}\n  q: {extends: p}\n", 3, "profiles.p.extends", "in a cycle"),
                bad(HEAD + "profiles:\n  p: {node_selector: {'bad key!': x}}\n", 3, "profiles.p.node_selector", "not a valid label key"),
                bad(HEAD + "profiles:\n  p: {node_selector: {accelerator: 'has space'}}\n", 3, "profiles.p.node_selector", "not a valid label value"),
                bad(HEAD + "profiles:\n  p:\n    tolerations:\n      - {key: k, operator: Maybe}\n", 5, "profiles.p.tolerations[0].operator", "use Equal or Exists"),
                bad(HEAD + "profiles:\n  p:\n    tolerations:\n      - {key: k, operator: Exists, value: v}\n", 5, "profiles.p.tolerations[0].value", "takes no value"),
                bad(HEAD + "profiles:\n  p:\n    tolerations:\n      - {key: k, effect: NoWay}\n", 5, "profiles.p.tolerations[0].effect", "not a taint effect"),
                bad(HEAD + "profiles:\n  p:\n    tolerations:\n      - {key: k, effect: NoSchedule, toleration_seconds: 5}\n", 5, "profiles.p.tolerations[0].toleration_seconds", "only applies to effect NoExecute"),
                bad(HEAD + "profiles:\n  p: {service_account: 'Bad_SA'}\n", 3, "profiles.p.service_account", "not a valid Kubernetes name"),
                // YAML itself
                bad("project: demo\nproject: other\n", 2, "project", "duplicate key 'project' (first at line 1)"),
                bad("project: demo\nservices:\n\t- name: a\n", 3, "", "tab character"),
                bad("project: demo\nx: &a [1]\n", 2, "", "anchors (&a) are not supported"),
                bad("project: demo\ntasks:\n  - name: t\n    command: x\n    schedule: * * * * *\n", 5, "", "must be quoted"),
                bad("project: demo\n---\nproject: two\n", 3, "", "a second YAML document"),
                bad("- project: demo\n", 1, "", "top level of roro.yml must be a mapping"),
                bad("just text\n", 1, "", "must be a mapping"),
                bad("project: [unclosed\n", 2, "", "not valid YAML"));
    }

    private static Arguments bad(String yaml, int line, String path, String message) {
        return Arguments.of(yaml, line, path, message);
    }

    @ParameterizedTest(name = "[{index}] {2}: {3}")
    @MethodSource("cases")
    void reportsTheProblemAtItsLineAndField(String yaml, int line, String path, String message) {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.parse(yaml, "roro.yml"));
        assertThat(e).as("no error for:\n" + yaml).isNotNull();
        assertThat(e.problems())
                .as("problems for:\n" + yaml)
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(line);
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.message()).contains(message);
                    assertThat(p.file()).isEqualTo("roro.yml");
                });
    }

    @Test
    void thereAreEnoughCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void reportsEveryProblemInOnePassSortedByLine() {
        String yaml = """
                project: Bad Name
                runtim: python3
                services:
                  - name: a
                    function: nomodule
                tasks:
                  - name: t
                    command: x
                    when: every fortnight
                """;
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.parse(yaml, "roro.yml"));
        assertThat(e.problems()).extracting(SpecProblem::path)
                .containsExactly("project", "runtim", "services[0].function", "tasks[0].when");
        assertThat(e.problems()).extracting(SpecProblem::line).containsExactly(1, 2, 5, 9);
        assertThat(e.getMessage()).startsWith("roro.yml:1:10: project: 'Bad Name' is not a valid project name");
    }

    @Test
    void columnsPointAtTheValue() {
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> ProjectSpecReader.parse("project: demo\nservices:\n  - name: a\n    function: x\n", "roro.yml"));
        assertThat(e.problems().get(0).format())
                .isEqualTo("roro.yml:4:15: services[0].function: 'x' names no module; expected module.function or"
                        + " package.module:function made of Python identifiers (e.g. predict.predict)");
    }

    @Test
    void aProfileInAnExtendsCycleIsReportedOnceNotAlsoAsUndefinedWhereItIsUsed() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.parse(HEAD
                + "services:\n  - {name: a, function: p.f, profile: small}\n"
                + "profiles:\n  small: {extends: big}\n  big: {extends: small}\n", "roro.yml"));
        assertThat(e.problems()).extracting(SpecProblem::format).noneMatch(m -> m.contains("not defined"))
                .anyMatch(m -> m.contains("in a cycle"));
    }

    @Test
    void everyProblemIsOneLineOfOutput() {
        String yaml = HEAD + "services: 5\ntasks: {a: 1}\nmodels: x\ndatasets: 3\nprofiles: 7\nbuild: 2\n";
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.parse(yaml, "roro.yml"));
        assertThat(e.problems()).hasSize(6).allSatisfy(p -> assertThat(p.format()).doesNotContain("\n"));
        assertThat(e.getMessage().lines()).hasSize(6);
        assertThat(e.problems().get(0).format()).isEqualTo("roro.yml:2:11: services: expected a list"
                + " ([{name: default, function: predict.predict}]), found an integer '5'");
        // a message given with a line break (as a user's value may carry) is still one line
        assertThat(new SpecProblem("roro.yml", 1, 1, "x", "first\n   second").format())
                .isEqualTo("roro.yml:1:1: x: first second");
    }

    @Test
    void batchingIsReadWithItsDefaults() throws Exception {
        var spec = ProjectSpecReader.parse(HEAD + "services:\n  - {name: a, function: p.f, batch: {max_size: 32}}\n",
                "roro.yml");
        assertThat(spec.services().get(0).batch()).contains(new ServiceSpec.Batch(32, 5));
        assertThat(ProjectSpecReader.parse(HEAD + "services:\n  - {name: a, function: p.f}\n", "roro.yml").services()
                .get(0).batch()).isEmpty();
    }

    @Test
    void aRolloutIsReadWithItsDefaults() throws Exception {
        var spec = ProjectSpecReader.parse(HEAD + "services:\n  - {name: a, function: p.f, rollout: {canary: 20,"
                + " promote_after: 10m, max_error_rate: 0.5%, max_p99_ms: 200}}\n", "roro.yml");
        assertThat(spec.services().get(0).rollout()).contains(new ServiceSpec.RolloutPolicy(20,
                Optional.of(Duration.ofMinutes(10)), 0.005, Optional.of(200), 100));
        assertThat(ProjectSpecReader.parse(HEAD + "services:\n  - {name: a, function: p.f, rollout: {}}\n", "roro.yml")
                .services().get(0).rollout()).contains(new ServiceSpec.RolloutPolicy(10, Optional.empty(),
                        0.01, Optional.empty(), 100));
    }

    @Test
    void aValidFileIsNotRejected() {
        assertThatCode(() -> ProjectSpecReader.parse("project: demo\n", "roro.yml")).doesNotThrowAnyException();
    }
}
