package io.roro.cli;

import io.roro.core.build.ProjectBuilder;
import io.roro.core.deploy.DeployOperation;
import io.roro.core.contract.DeployResult;
import io.roro.core.spec.Durations;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "deploy", mixinStandardHelpOptions = true, description = {
    "Build the project image and restart every service on it with its current model version.",
    "roro.yml is validated first. Services whose model has no version yet are named with the task that trains",
    "one; the schedules of periodic tasks are shown as Jenkins will run them. The number printed is the deploy's",
    "(deploy 3 of the project), not a model version."})
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    BuildOptions target;
    @Mixin
    RolloutOptions rollout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ProjectSession session = ProjectSession.open(spec, project, json, target, Map.of(), false)) {
            // where the platform can, the image build starts now, before lineage is open, and is recorded when done
            ProjectBuilder builder = session.platform.builder().startedEarly(session.spec, session.directory,
                    session.log);
            DeployResult result = new DeployOperation(session.platform, session.lineage(), builder)
                    .deploy(session.spec, session.directory, session.origin, session.log);
            if (json.enabled) {
                json.print(spec, result);
                return result.allServicesLive() ? 0 : 1;
            }
            // the deploy's number (rorodata's "deployed version N"), said so: it is not a model version
            out.println("deploy " + result.number() + " of " + result.project() + ": image " + result.build().image());
            for (DeployResult.ServiceOutcome s : result.services()) {
                out.println("  service " + s.service() + ": " + s.problem().map(p -> "NOT LIVE: " + p)
                        .orElse(s.endpoint().orElse("") + s.modelVersion().map(v -> " (" + v + ")").orElse("")
                                + s.candidate().map(c -> " with " + c.describe() + c.judgeFor().map(d -> ", judged"
                                        + " for " + Durations.format(d)).orElse("") + ": roro"
                                        + " promote " + s.service() + (c.judgeFor().isPresent() ? " --judge" : "")
                                        + " or roro rollback " + s.service()).orElse("")));
            }
            for (DeployResult.ScheduledTask t : result.schedules()) {
                out.println("  task " + t.task() + ": Jenkins job " + t.job() + " '" + t.jenkinsSpec()
                        .replace("\n", " ") + "', next " + (t.nextRuns().isEmpty() ? "never" : t.nextRuns().get(0)));
            }
            return result.allServicesLive() ? 0 : 1;
        }
    }
}
