package io.roro.core.rollout;

import io.roro.core.lineage.Candidate;
import io.roro.core.platform.TrafficSample;
import java.util.Locale;
import java.util.Optional;

/**
 * How a service's live version and its candidate have answered so far (what {@code roro traffic} prints): each
 * one's predictions, errors and p99 since its replicas started, and for a shadow how many of its answers differed
 * from the live ones.
 */
public record TrafficReport(String project, String service, Optional<String> liveVersion, Candidate candidate,
        TrafficSample sample) {

    /** The report as lines for a terminal. */
    public String text() {
        StringBuilder out = new StringBuilder(project + ":" + service + " — " + liveVersion.orElse("its build")
                + " live" + (candidate.mode() == Candidate.Mode.CANARY ? " (" + (100 - candidate.share()) + "%)" : "")
                + ", " + candidate.describe() + "\n");
        out.append("  live:      ").append(CanaryJudge.describe(sample.live())).append('\n');
        if (candidate.mode() == Candidate.Mode.CANARY) {
            out.append("  canary:    ").append(CanaryJudge.describe(sample.candidate())).append('\n');
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
