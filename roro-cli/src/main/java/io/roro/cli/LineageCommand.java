package io.roro.cli;

import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.LineageRef;
import io.roro.core.lineage.LineageSvg;
import io.roro.core.contract.ModelVersion;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lineage", mixinStandardHelpOptions = true, description = {
    "Where something came from (default) or what came from it (--downstream), as a tree.",
    "WHAT is MODEL:VERSION (or MODEL:latest), deployment/SERVICE (or deployment/PROJECT:SERVICE), dataset/MODEL:NAME"
            + " (its newest version) or dataset/MODEL:NAME:VERSION, or build/PROJECT:TAG."})
final class LineageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(paramLabel = "WHAT", description = "The record to start from (see above).")
    String what;
    @Option(names = "--downstream", description = "Walk to what came from WHAT: versions, live deployments.")
    boolean downstream;
    @Option(names = "--svg", description = "Draw the graph as SVG (what the Jenkins build page shows), e.g."
            + " roro lineage deployment/default --svg > lineage.svg")
    boolean svg;
    @Option(names = {"-C", "--project"}, defaultValue = ".", description = "Project directory, for deployment/SERVICE.")
    Path project;

    @Override
    public Integer call() {
        try (Lineage lineage = LineageAccess.open()) {
            LineageGraph graph = walk(lineage);
            if (svg) {
                spec.commandLine().getOut().print(LineageSvg.render(graph));
                spec.commandLine().getOut().flush();
                spec.commandLine().getOut().flush();
            } else if (json.enabled) {
                json.print(spec, graph);
            } else {
                spec.commandLine().getOut().print(graph.renderTree());
                spec.commandLine().getOut().flush();
                spec.commandLine().getOut().flush();
                if (graph.direction() == LineageGraph.Direction.DOWNSTREAM) {
                    var live = graph.liveDeployments();
                    spec.commandLine().getOut().println(live.isEmpty() ? "live: nothing"
                            : "live: " + String.join(", ", live.stream().map(LineageGraph.Node::key).toList()));
                }
                lineage.quarantines().markings(graph).forEach(q -> spec.commandLine().getOut().println("QUARANTINED "
                        + q));
            }
        }
        return 0;
    }

    private LineageGraph walk(Lineage lineage) {
        var queries = lineage.queries();
        String rest = LineageRef.idPart(what);
        switch (LineageRef.kindOf(what)) {
            case DEPLOYMENT -> {
                String[] ps = deployment(rest);
                if (downstream) {
                    throw new ParameterException(spec.commandLine(), "a deployment has nothing downstream");
                }
                return queries.upstreamOfDeployment(ps[0], ps[1]);
            }
            case DATASET -> {
                if (!downstream) {
                    throw new ParameterException(spec.commandLine(), "a dataset has nothing upstream; use"
                            + " --downstream");
                }
                return queries.downstreamOfDataset(dataset(lineage, rest));
            }
            case BUILD -> {
                return queries.downstreamOfBuild(LineageRef.parse(what).id());
            }
            case MODEL_VERSION -> {
                // below: MODEL:latest is completed first
            }
        }
        String[] mv = LineageIds.split(what, "model version");
        String id = what;
        if (mv[1].equals("latest")) { // as `roro serve --version latest`: the newest published version
            id = lineage.models().latestVersion(mv[0]).map(ModelVersion::id)
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "model " + mv[0]
                            + " has no published version, so " + what + " names none"));
        }
        return downstream ? queries.downstreamOfVersion(id) : queries.upstreamOfVersion(id);
    }

    /** The dataset version {@code ref} names: MODEL:NAME:VERSION, or MODEL:NAME for its newest. */
    private String dataset(Lineage lineage, String ref) {
        DatasetRef parsed;
        try {
            parsed = DatasetRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (parsed.model().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "dataset/" + ref + " names no model; write"
                    + " dataset/MODEL:NAME (its newest version) or dataset/MODEL:NAME:VERSION");
        }
        DatasetRef named = parsed;
        return lineage.datasets().resolve(parsed).map(Dataset::id)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "no dataset " + named));
    }

    private String[] deployment(String rest) {
        if (rest.contains(":")) {
            return LineageIds.split(rest, "deployment");
        }
        try {
            return new String[] {ProjectSpecReader.read(project).project(), rest};
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), "deployment/" + rest + " needs a project: run in the"
                    + " project directory, pass --project DIR, or write deployment/PROJECT:" + rest, e);
        }
    }
}
