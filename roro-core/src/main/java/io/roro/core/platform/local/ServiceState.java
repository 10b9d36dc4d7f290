package io.roro.core.platform.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What runs a service on the local target: the live generation's backends (a process each, on a port of one of
 * the route's slots), the build and model version they run. Written when a version goes live, in one rename.
 */
record ServiceState(String generation, String build, Optional<String> version, List<Backend> backends) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module());

    ServiceState {
        backends = List.copyOf(backends);
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
