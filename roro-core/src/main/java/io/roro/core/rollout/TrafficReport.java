package io.roro.core.rollout;

import io.roro.core.contract.Candidate;
import io.roro.core.platform.TrafficSample;
import io.roro.core.spec.Durations;
import java.util.Locale;
import java.util.Optional;

/**
 * How a service's live version and its candidate have answered so far (what {@code roro traffic} prints): each
 * one's predictions, errors and p99 since its replicas started, and for a shadow how many of its answers differed
 * from the live ones; for a canary, what the judge would say of these numbers now.
 *
 * @param soFar the judge's verdict on the numbers so far (a canary's; the live side counted since its replicas
 *              started): WAIT within the limits, ABORT when one is broken, PROMOTE when it is due
 */
public record TrafficReport(String project, String service, Optional<String> liveVersion, Candidate candidate,
        TrafficSample sample, Optional<Verdict> soFar) {

    /** The report as lines for a terminal. */
    public String text() {
        StringBuilder out = new StringBuilder(project + ":" + service + " — " + liveVersion.orElse("its build")
                + " live" + (candidate.mode() == Candidate.Mode.CANARY ? " (" + (100 - candidate.share()) + "%)" : "")
                + ", " + candidate.describe() + "\n");
        out.append("  live:      ").append(CanaryJudge.describe(sample.live())).append('\n');
        if (candidate.mode() == Candidate.Mode.CANARY) {
            out.append("  canary:    ").append(CanaryJudge.describe(sample.candidate())).append('\n');
            soFar.ifPresent(v -> out.append("  so far:    ").append(switch (v.decision()) {
                case WAIT -> "within the limits";
                case PROMOTE -> "due for promotion";
                case ABORT -> "would be taken away: " + v.reason();
            }).append(v.decision() == Verdict.Decision.ABORT ? "" : candidate.judgeFor()
                    .map(d -> " (judged " + Durations.format(d) + " after its start)")
                    .orElse(" (no time to judge it in: roro promote or roro rollback ends it)")).append('\n'));
        } else {
            var s = sample.shadow();
            out.append("  shadow:    ").append(CanaryJudge.describe(sample.candidate())).append('\n');
            out.append(String.format(Locale.ROOT, "  compared:  %d copies, %d answered otherwise (%s), %d failed,"
                    + " %d skipped%s%n", s.requests(), s.differ(), CanaryJudge.percent(s.differRate()), s.errors(),
                    s.skipped(), s.latency().p99Millis().map(p -> String.format(Locale.ROOT, ", p99 %.0f ms", p))
                            .orElse("")));
        }
        return out.toString();
    }
}
