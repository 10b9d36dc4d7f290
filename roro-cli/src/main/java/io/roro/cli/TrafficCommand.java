package io.roro.cli;

import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.RolloutPlan;
import io.roro.core.rollout.TrafficReport;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "traffic", mixinStandardHelpOptions = true, description = {
    "Show how a service's live version and its canary or shadow have answered: requests, errors, p99.",
    "For a canary also what the judge would say of it now (roro.yml's rollout: limits); for a shadow how many of",
    "its answers differed from the live ones."})
final class TrafficCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        var projectSpec = project.spec(spec);
        String name = projectSpec.project();
        // the judge's limits: roro.yml's rollout:, else its defaults
        var policy = RolloutPlan.policy(projectSpec, service, Optional.empty(),
                Optional.empty());
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            TrafficReport report = new CanaryOperation(platform, lineage.get()).report(name, service, policy);
            if (json.enabled) {
                json.print(spec, report);
            } else {
                spec.commandLine().getOut().print(report.text());
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }
}
