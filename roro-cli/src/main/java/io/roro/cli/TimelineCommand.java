package io.roro.cli;

import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "timeline", mixinStandardHelpOptions = true, description = {
    "Every change of a service's deployment, oldest first; with --at, what was live at that time."})
final class TimelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(paramLabel = "SERVICE", description = "SERVICE or PROJECT:SERVICE.")
    String service;
    @Option(names = {"-C", "--project"}, defaultValue = ".", description = "Project directory (default: current).")
    Path project;
    @Option(names = "--at", description = "A time as roro prints it (2026-11-01 10:00:00Z), ISO-8601 (2026-11-01T11:00+01:00), or"
            + " without an offset in this machine's zone.")
    OffsetDateTime at;

    @Override
    public Integer call() {
        String[] ps = service.contains(":") ? service.split(":", 2) : new String[] {projectName(), service};
        try (Lineage lineage = LineageAccess.open()) {
            List<DeploymentEvent> events = at == null ? lineage.deployments().timeline(ps[0], ps[1])
                    : lineage.deployments().at(ps[0], ps[1], at.toInstant()).stream().toList();
            if (json.enabled) {
                json.print(spec, events);
                return 0;
            }
            Table table = new Table("REV", "AT", "CHANGE", "STATE", "MODEL VERSION", "BUILD", "REPLICAS", "BY",
                    "WHY");
            for (DeploymentEvent e : events) {
                // while a canary runs, the live version answers its share and the canary the rest: both are said
                table.row(e.revision(), Times.show(e.at()), e.type(), e.state(), e.modelVersion().orElse("-")
                        + e.candidate().map(c -> " (" + e.liveShare() + "%) + " + c.describe()).orElse(""),
                        e.buildVersion().orElse("-"), e.replicas(), e.origin().describe(),
                        e.message().map(TimelineCommand::oneLine).orElse(""));
            }
            table.print(spec.commandLine().getOut());
            if (events.isEmpty()) {
                unknownService(lineage, ps[0], ps[1]);
                spec.commandLine().getOut().println(at == null ? "no deployments of " + ps[0] + ":" + ps[1]
                        : "nothing was deployed for " + ps[0] + ":" + ps[1] + " at " + at);
            }
        }
        return 0;
    }

    /** A reason on one line: its first line and, when it goes on, its last (where a traceback names the error). */
    static String oneLine(String reason) {
        List<String> lines = reason.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        String first = lines.get(0);
        String line = lines.size() == 1 ? first : first + " ... " + lines.get(lines.size() - 1);
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    /** A service neither in this project's roro.yml nor ever deployed is a mistake, said with what there is. */
    private void unknownService(Lineage lineage, String projectName, String serviceName) {
        Set<String> known = new TreeSet<>();
        lineage.deployments().deployments(Optional.of(projectName)).forEach(d -> known.add(d.service()));
        try {
            var projectSpec = ProjectSpecReader.read(project);
            if (projectSpec.project().equals(projectName)) {
                projectSpec.services().forEach(s -> known.add(s.name()));
            }
        } catch (SpecException expected) {
            // no roro.yml here: only what was deployed is known
        }
        if (!known.isEmpty() && !known.contains(serviceName)) {
            throw new ParameterException(spec.commandLine(), "no service '" + serviceName + "' in " + projectName
                    + "; services: " + String.join(", ", known));
        }
    }

    private String projectName() {
        try {
            return ProjectSpecReader.read(project).project();
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), "run in the project directory, pass --project DIR,"
                    + " or write PROJECT:" + service, e);
        }
    }

}
