package io.roro.cli;

import io.roro.core.contract.DeploymentEvent;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.CanaryWatch;
import io.roro.core.rollout.RolloutPlan;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
    Duration promoteAfter;
    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        var projectSpec = project.spec(spec);
        var origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        var out = spec.commandLine();
        Consumer<String> log = (json.enabled ? out.getErr() : out.getOut())::println;
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            DeploymentEvent event;
            if (judge) {
                // the time recorded with the canary wins; without one, --promote-after, then roro.yml's
                RolloutPolicy policy = RolloutPlan.policy(projectSpec, service, Optional.empty(),
                        Optional.ofNullable(promoteAfter));
                Optional<DeploymentEvent> outcome = new CanaryWatch(platform, lineage.get(), Clock.systemUTC(),
                        Progressive.INTERVAL).judge(projectSpec.project(), service, policy, origin, log);
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
}
