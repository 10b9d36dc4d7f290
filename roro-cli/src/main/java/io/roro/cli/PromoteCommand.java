package io.roro.cli;

import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.CanaryWatch;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true, description = {
    "Make a service's canary or shadow its live version, answering every request.",
    "With --judge, watch the canary first and promote it only if it keeps roro.yml's rollout: limits until",
    "promote_after has passed since it started (else it is taken away, and the command fails with why)."})
final class PromoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @Option(names = "--judge", description = "Promote only once the canary is judged fit (see above).")
    boolean judge;
    @Option(names = "--promote-after", paramLabel = "DURATION", description = "With --judge: how long from the"
            + " canary's start it is judged (default: what it was started with, else roro.yml's"
            + " rollout.promote_after).")
    String promoteAfter;
    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        var projectSpec = project.spec(spec);
        var origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        var out = spec.commandLine();
        java.util.function.Consumer<String> log = (json.enabled ? out.getErr() : out.getOut())::println;
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            DeploymentEvent event;
            Optional<DeploymentEvent> verdict = judge ? verdictMeanwhile(lineage.get(), projectSpec.project())
                    : Optional.empty();
            if (verdict.isPresent()) {
                event = Progressive.settled(verdict.get()); // a watch asked again after it ended: its verdict
            } else if (judge) {
                RolloutPolicy configured = projectSpec.service(service).flatMap(ServiceSpec::rollout)
                        .orElse(RolloutPolicy.manual(RolloutPolicy.DEFAULT_CANARY));
                Optional<java.time.Duration> judgeFor = Optional.ofNullable(promoteAfter).map(this::duration)
                        .or(configured::promoteAfter);
                // without either, the time recorded with the canary (CanaryWatch says when there is none)
                RolloutPolicy policy = new RolloutPolicy(configured.canary(), judgeFor, configured.maxErrorRate(),
                        configured.maxP99Ms(), configured.minRequests());
                Optional<DeploymentEvent> outcome = new CanaryWatch(platform, lineage.get(), Clock.systemUTC(),
                        Progressive.INTERVAL).watch(projectSpec.project(), service, policy, origin, log);
                if (outcome.isEmpty()) {
                    return 0; // promoted or taken away by another command meanwhile: nothing left to do here
                }
                event = Progressive.settled(outcome.get());
            } else {
                event = new CanaryOperation(platform, lineage.get()).promote(projectSpec.project(), service,
                        Optional.empty(), origin, log);
            }
            if (json.enabled) {
                json.print(spec, event);
            } else {
                out.getOut().println("promoted " + event.modelVersion().orElse("the candidate's build") + ": "
                        + projectSpec.project() + ":" + service + " answers every request with it");
            }
        }
        return 0;
    }

    /**
     * The verdict on the service's last canary when none runs now and its last change was one: what a watch asked
     * again (a Jenkins step after a restart) answers, instead of judging anew.
     */
    private Optional<DeploymentEvent> verdictMeanwhile(io.roro.core.lineage.Lineage lineage, String projectName) {
        boolean runs = lineage.deployments().deployment(projectName, service)
                .filter(io.roro.core.lineage.Deployment::isLive)
                .flatMap(io.roro.core.lineage.Deployment::candidate).isPresent();
        if (runs) {
            return Optional.empty();
        }
        var timeline = lineage.deployments().timeline(projectName, service);
        return timeline.isEmpty() ? Optional.empty() : Optional.of(timeline.get(timeline.size() - 1))
                .filter(e -> e.type() == io.roro.core.lineage.DeploymentEventType.PROMOTED
                        || e.type() == io.roro.core.lineage.DeploymentEventType.ABORTED);
    }

    private java.time.Duration duration(String text) {
        try {
            return io.roro.core.spec.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--promote-after: "
                    + e.getMessage());
        }
    }
}
