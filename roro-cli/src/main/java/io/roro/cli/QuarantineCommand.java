package io.roro.cli;

import io.roro.core.contract.LineageRef;
import io.roro.core.contract.Quarantine;
import io.roro.core.rollout.QuarantineOperation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "quarantine", mixinStandardHelpOptions = true, description = {
    "Take a bad dataset version, build or model version out of use, and what is derived from it.",
    "Every live service of the project serving a version trained on it, built by it or tuned from one that",
    "was goes back to the newest revision it served that is clean, or stops when there is none; a canary or",
    "shadow derived from it is taken away. Until it is lifted, nothing derived from it is served or trained on.",
    "Each step is a timeline event naming the quarantine and its reason. --dry-run says what would be done."})
final class QuarantineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    BuildOptions target;
    @Parameters(index = "0", paramLabel = "WHAT",
            description = "dataset/MODEL:NAME:VERSION, build/PROJECT:TAG or MODEL:VERSION.")
    String what;
    @Option(names = "--reason", description = "Why (kept with the quarantine and in every timeline event it makes).")
    String reason;
    @Option(names = "--dry-run", description = "Say what would be done, and do nothing.")
    boolean dryRun;
    @Option(names = "--lift", description = "End the quarantine: what derives from it may be served and trained"
            + " on again (nothing is redeployed by itself).")
    boolean lift;

    @Override
    public Integer call() {
        LineageRef ref;
        try {
            ref = LineageRef.parse(what);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, what);
        }
        if (!lift && !dryRun && (reason == null || reason.isBlank())) {
            throw new ParameterException(spec.commandLine(), "say why with --reason (it is kept with the"
                    + " quarantine and in the timeline)");
        }
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            QuarantineOperation operation = new QuarantineOperation(session.platform, session.lineage());
            PrintWriter out = spec.commandLine().getOut();
            if (lift) {
                Quarantine lifted = operation.lift(ref);
                print(Map.of("lifted", lifted.ref(), "reason", lifted.reason()), "lifted the quarantine of "
                        + lifted.describe() + "; nothing was redeployed", out);
                return 0;
            }
            QuarantineOperation.Plan plan = dryRun ? operation.plan(session.spec, ref)
                    : operation.quarantine(session.spec, ref, reason, session.origin, session.log);
            if (json.enabled) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("quarantined", dryRun ? null : ref.format());
                result.put("steps", plan.steps());
                result.put("elsewhere", plan.elsewhere());
                json.print(spec, result);
                return 0;
            }
            plan.steps().forEach(s -> out.println((dryRun ? "would: " : "") + s.describe()));
            plan.elsewhere().forEach(d -> out.println(d + ": derived from it too; run roro quarantine in its"
                    + " project's directory"));
            out.println(dryRun ? "nothing done (--dry-run)" : "quarantined " + ref.format());
        }
        return 0;
    }

    private void print(Map<String, Object> result, String text, PrintWriter out) {
        if (json.enabled) {
            json.print(spec, result);
        } else {
            out.println(text);
        }
    }
}
