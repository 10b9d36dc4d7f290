package io.roro.core.platform.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.roro.core.contract.Candidate;
import io.roro.core.platform.ServedCounts;
import io.roro.core.routing.LiveState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What runs a service on the local target: the live generation's backends (a process each, on a port of one of
 * the route's slots), the build and model version they run, and a candidate beside them (a canary or a shadow).
 * Written when a version goes live or a candidate starts or ends, in one rename.
 */
record ServiceState(String generation, String build, Optional<String> version, List<Backend> backends,
        Optional<CandidateState> candidate) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module());

    ServiceState {
        backends = List.copyOf(backends);
    }

    /**
     * A candidate's generation and backends, how it takes traffic, and what the live side had answered when it
     * started (so a sample counts both sides from then).
     */
    record CandidateState(String generation, String build, Optional<String> version, Candidate.Mode mode, int share,
            List<Backend> backends, ServedCounts liveAtStart) {
        CandidateState {
            backends = List.copyOf(backends);
        }

        List<Integer> ports() {
            return backends.stream().map(Backend::port).toList();
        }
    }

    /** The candidate as the live version: what promoting it leaves. */
    ServiceState promoted() {
        CandidateState c = candidate.orElseThrow();
        return new ServiceState(c.generation(), c.build(), c.version(), c.backends(), Optional.empty());
    }

    ServiceState withCandidate(Optional<CandidateState> next) {
        return new ServiceState(generation, build, version, backends, next);
    }

    /** What the live file says for this state ({@link LiveState}'s grammar, read by every backend). */
    LiveState live() {
        return new LiveState(generation, candidate.map(c -> new LiveState.CandidateRoute(c.generation(), c.mode(),
                c.share(), c.ports())));
    }

    /** One backend: its process ({@link LocalProcess#id()}) and port. */
    record Backend(String process, int port) {
        LocalProcess local() {
            return LocalProcess.parse(process);
        }
    }

    List<Backend> running() {
        return backends.stream().filter(b -> b.local().alive()).toList();
    }

    List<Integer> ports() {
        return backends.stream().map(Backend::port).toList();
    }

    static Optional<ServiceState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ServiceState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
