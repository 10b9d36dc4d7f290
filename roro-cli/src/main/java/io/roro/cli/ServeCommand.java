package io.roro.cli;

import io.roro.core.contract.CommandJson;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.ModelVersion;
import io.roro.core.serve.ServeGates;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServedVersions;
import io.roro.core.spec.ServeGate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "serve", description = {
    "Put a model version behind a service's endpoint.",
    "The new containers must answer /health before traffic moves to them; if they never do, the old version",
    "keeps serving (recorded as a rollback). Call the endpoint printed last: it is the service's router, which",
    "stays the same from version to version.",
    "With --canary (or roro.yml's rollout: for a live service) the new version answers a share of the requests",
    "beside the live one until `roro promote` or `roro rollback`, or until it is judged (--promote-after); with",
    "--shadow it gets a copy of each request and users only ever get the live answers."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    /** Not mixinStandardHelpOptions: its -V/--version would take the name --version of the model version. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @Option(names = "--version", description = "MODEL:VERSION or VERSION or latest (default: latest).")
    String version;
    @Option(names = "--replicas", description = "Backend containers (default: the service's replicas).")
    Integer replicas;
    @Option(names = "--port", description = "Public port on 127.0.0.1 (default: kept, or a free one).")
    Integer port;
    @Mixin
    BuildOptions target;
    @Option(names = "--canary", arity = "0..1", paramLabel = "PERCENT", fallbackValue = "0", description = {
        "Start the version as a canary beside the live one, answering PERCENT (1-99) of the requests (default:",
        "roro.yml's rollout.canary, else 10)."})
    Integer canary;
    @Option(names = "--shadow", description = "Start the version as a shadow: a copy of each request, no user answer.")
    boolean shadow;
    @Option(names = "--promote-after", paramLabel = "DURATION", description = {"With a canary: judge it for this"
            + " long (90s, 10m, 1h) against roro.yml's rollout: limits, then promote it or take it away (default:",
        "rollout.promote_after; without either, the canary waits for roro promote)."})
    Duration promoteAfter;
    @Option(names = "--detach", description = {"With a canary: start it and return; `roro promote --judge` judges it",
        "(a serve of every request at once returns once healthy, as always)."})
    boolean detach;
    @Option(names = "--if", paramLabel = "CONDITION", description = "Serve only if the version meets this, e.g."
            + " 'metrics.r2 >= live' (against the version live now) or 'metrics.auc > 0.8'; otherwise say why and"
            + " change nothing (exit 0).")
    String condition;
    @Option(names = "--all-at-once", description = "Switch every request at once even when roro.yml has rollout:.")
    boolean allAtOnce;
    @Mixin
    RolloutOptions rollout;

    @Override
    public Integer call() {
        Optional<Duration> judgeFor = Optional.ofNullable(promoteAfter);
        try (ProjectSession session = ProjectSession.open(spec, project, json, target, Map.of(), true)) {
            if (condition != null && !gateAdmits(session)) {
                if (json.enabled) {
                    json.print(spec, CommandJson.unchanged());
                }
                return 0;
            }
            Optional<Progressive> progressive = Progressive.asked(session, service, canary, shadow, judgeFor,
                    allAtOnce);
            if (progressive.isPresent()) {
                DeploymentEvent event = progressive.get().run(session, Optional.ofNullable(version), detach);
                if (json.enabled) {
                    json.print(spec, event);
                }
                return 0;
            }
            Optional<DeploymentEvent> event = new ServeOperation(session.platform, session.lineage()).serve(
                    session.spec, service, Optional.ofNullable(version), Optional.ofNullable(replicas),
                    Optional.ofNullable(port), session::build, session.origin, session.log);
            if (json.enabled) {
                json.print(spec, event.isPresent() ? event.get() : CommandJson.unchanged());
            } else if (event.isEmpty()) {
                spec.commandLine().getOut().println("service " + service + " already runs this spec; nothing changed");
            }
        }
        return 0;
    }

    /** --if: the version this serve would put live, checked against the live one; said when it is not served. */
    private boolean gateAdmits(ProjectSession session) {
        ServeGate gate;
        try {
            gate = ServeGate.parse(condition);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--if: " + e.getMessage(), e);
        }
        var serviceSpec = session.spec.service(service).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "no service " + service + " in roro.yml"));
        String candidate = ServedVersions.resolve(session.lineage(), serviceSpec,
                Optional.ofNullable(version)).map(ModelVersion::id).orElseThrow(() ->
                        new CommandLine.ParameterException(spec.commandLine(), "--if: " + service
                                + " serves no model version to check"));
        var decision = ServeGates.decide(session.lineage(), session.spec.project(), service,
                candidate, gate);
        session.log.accept((decision.serve() ? "" : "not served: ") + decision.reason());
        return decision.serve();
    }
}
