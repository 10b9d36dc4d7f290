package io.roro.core.routing;

import io.roro.core.contract.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a service's live file says once a switch has settled: the live generation, and the candidate beside it
 * (a canary with its share of the routed requests, or a shadow with the ports its copies go to). The file's
 * grammar is roro_runtime.traffic's, which reads it in every backend: "live", "live:90 canary:10",
 * "live canary:shadow@PORT,PORT".
 */
public record LiveState(String live, Optional<CandidateRoute> candidate) {

    /** A candidate's generation, how it takes traffic, and (for a shadow) where its copies go. */
    public record CandidateRoute(String generation, Candidate.Mode mode, int share, List<Integer> ports) {
        public CandidateRoute {
            ports = List.copyOf(ports);
        }
    }

    public static LiveState of(String live) {
        return new LiveState(live, Optional.empty());
    }

    public String render() {
        if (candidate.isEmpty()) {
            return live;
        }
        CandidateRoute c = candidate.get();
        if (c.mode() == Candidate.Mode.CANARY) {
            return live + ":" + (100 - c.share()) + " " + c.generation() + ":" + c.share(); // the two ranges
        }
        return live + " " + c.generation() + ":shadow@" + String.join(",",
                c.ports().stream().map(String::valueOf).toList());
    }

    /**
     * The state a settled file names: its first token is the live generation, a second one the candidate. (A file
     * left in a hand-over's overlap has more; its first state, the newer, is what it was switching to.)
     */
    public static Optional<LiveState> parse(String text) {
        String[] tokens = settled(text).split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            return Optional.empty();
        }
        String live = generation(tokens[0]);
        if (tokens.length == 1 || !tokens[0].contains(":") && !tokens[1].contains(":")) {
            return Optional.of(of(live)); // "new old": a plain hand-over's overlap
        }
        String second = tokens[1];
        String generation = generation(second);
        String rest = second.substring(second.indexOf(':') + 1);
        if (rest.startsWith("shadow@")) {
            List<Integer> ports = new ArrayList<>();
            for (String p : rest.substring("shadow@".length()).split(",")) {
                if (p.matches("\\d{1,5}")) {
                    ports.add(Integer.parseInt(p));
                }
            }
            return Optional.of(new LiveState(live, Optional.of(new CandidateRoute(generation, Candidate.Mode.SHADOW,
                    0, ports))));
        }
        if (!tokens[0].contains(":") || !rest.matches("\\d{1,2}")) {
            return Optional.of(of(live)); // a bare live token followed by the old state's: an overlap
        }
        return Optional.of(new LiveState(live, Optional.of(new CandidateRoute(generation, Candidate.Mode.CANARY,
                Integer.parseInt(rest), List.of()))));
    }

    /**
     * {@code text} with {@code generation} named standby: a serve's new generation, started in the slot the live
     * generation also listens on, which the live one lets go of when it reads this (roro_runtime.slots). A standby
     * generation takes no request; the file's state is what it was.
     */
    public static String standby(String text, String generation) {
        return settled(text) + " " + generation + STANDBY;
    }

    private static final String STANDBY = ":standby";

    /** The text without its standby tokens. */
    public static String settled(String text) {
        return String.join(" ", Arrays.stream(text.strip().split("\\s+"))
                .filter(t -> !t.endsWith(STANDBY)).toList());
    }

    /** Every generation the file's text names (a standby one is not), in order, each once. */
    public static List<String> generations(String text) {
        List<String> all = new ArrayList<>();
        for (String token : settled(text).split("\\s+")) {
            String g = generation(token);
            if (!g.isEmpty() && !all.contains(g)) {
                all.add(g);
            }
        }
        return all;
    }

    private static String generation(String token) {
        int colon = token.indexOf(':');
        return colon < 0 ? token : token.substring(0, colon);
    }
}
