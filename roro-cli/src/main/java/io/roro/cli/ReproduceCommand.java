package io.roro.cli;

import io.roro.core.train.ReproduceOperation;
import io.roro.core.train.Reproduction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reproduce", mixinStandardHelpOptions = true, description = {
    "Run a model version's training again as it was recorded and say whether it came out the same.",
    "The same build (its image: code and base), dataset version, parameters, task and profile; the result is",
    "published as a new version that records what it reproduces, and compared: files by sha256, metrics within a",
    "tolerance, and the likely cause of a difference. Refused, saying what is gone, when something cannot be had",
    "again. Exit code 0 when the files are identical or the metrics within the tolerance, 1 otherwise."})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    BuildOptions target;
    @Parameters(index = "0", paramLabel = "MODEL:VERSION", description = "The version to reproduce.")
    String version;
    @Option(names = "--tolerance", defaultValue = "1e-9", description = "How far a metric may be from the"
            + " original's, relative to it (absolute below 1); default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Override
    public Integer call() {
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            Reproduction result = new ReproduceOperation(session.platform, session.lineage()).reproduce(
                    session.spec, session.directory, version, tolerance, session.origin, session.log);
            if (json.enabled) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("original", result.original().id());
                out.put("reproduction", result.reproduction().id());
                out.put("filesIdentical", result.filesIdentical());
                out.put("metricsWithin", result.metricsWithin());
                out.put("tolerance", result.tolerance());
                out.put("files", result.files());
                out.put("metrics", result.metrics());
                result.likelyCause().ifPresent(c -> out.put("likelyCause", c));
                json.print(spec, out);
            } else {
                spec.commandLine().getOut().print(result.text());
            }
            return result.filesIdentical() || result.metricsWithin() ? 0 : 1;
        }
    }
}
