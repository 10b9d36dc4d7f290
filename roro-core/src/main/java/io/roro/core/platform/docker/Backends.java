package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The backend containers of one roro home's services on the engine, found by their labels. Containers carry the
 * home's scope ({@code io.roro.home}), so two homes (two users, or two RORO_HOMEs) serving a project of the same
 * name on one engine never take over each other's backends. Backends made before homes were told apart have no
 * scope and are taken as this home's, as they were then.
 */
public final class Backends {
    static final String HOME_LABEL = "io.roro.home";

    /**
     * A backend container: its service, whether it runs, the port it serves on (-1 when unknown), the generation it
     * was started in (one serve's backends share one; empty for backends of an older roro), and what it serves.
     */
    public record Backend(String name, String service, boolean running, int port, String generation,
            String modelVersion, String build) {
        /** The same backend, now running. */
        Backend started() {
            return new Backend(name, service, true, port, generation, modelVersion, build);
        }
    }

    private final DockerCli docker;
    private final String scope;

    public Backends(DockerCli docker, Path roroHome) {
        this.docker = docker;
        this.scope = scope(roroHome);
    }

    /** A short, stable name for a roro home: the first 8 hex digits of the SHA-256 of its absolute path. */
    public static String scope(Path roroHome) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    roroHome.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public String scope() {
        return scope;
    }

    /** The labels a new backend of {@code service} gets. */
    List<String> labelFlags(String project, String service) {
        return List.of("--label", "io.roro.project=" + project, "--label", "io.roro.service=" + service,
                "--label", "io.roro.role=backend", "--label", HOME_LABEL + "=" + scope);
    }

    /** Every backend of the project, running or not (one docker call). */
    public List<Backend> of(String project) {
        return list(project, Optional.empty());
    }

    /** Whether the container {@code name} runs now. */
    boolean running(String name) {
        return docker.running(name);
    }

    /** The backends of one service, running or not (one docker call). */
    public List<Backend> of(String project, String service) {
        return list(project, Optional.of(service));
    }

    private List<Backend> list(String project, Optional<String> service) {
        List<String> labels = new ArrayList<>(List.of("io.roro.project=" + project, "io.roro.role=backend"));
        service.ifPresent(s -> labels.add("io.roro.service=" + s));
        List<Backend> backends = new ArrayList<>();
        for (String[] fields : docker.engine().flatMap(e -> listed(e, labels)).orElseGet(() -> listed(labels))) {
            if (fields[0] == null || fields[0].isBlank() || fields[1] == null) {
                continue;
            }
            String home = fields[4] == null ? "" : fields[4].trim();
            if (!home.isEmpty() && !home.equals(scope)) {
                continue; // another roro home's
            }
            String port = fields[3] == null ? "" : fields[3].trim();
            backends.add(new Backend(fields[0].trim(), text(fields[2]), fields[1].trim().equals("running"),
                    port.matches("\\d+") ? Integer.parseInt(port) : -1, text(fields[5]), text(fields[6]),
                    text(fields[7])));
        }
        return backends;
    }

    /** The labels read of each backend, in the order of {@link #list}'s fields after its name and state. */
    private static final List<String> READ = List.of("io.roro.service", "io.roro.port", HOME_LABEL,
            "io.roro.generation", "io.roro.model-version", "io.roro.build");

    /** Name, state and the labels of every container with {@code labels}, as the engine's API lists them. */
    private static Optional<List<String[]>> listed(EngineSocket engine, List<String> labels) {
        Optional<EngineSocket.Answer> answer = engine.get("/containers/json?all=1&filters="
                + EngineSocket.labelFilter(labels));
        if (answer.isEmpty() || !answer.get().ok() || !answer.get().body().isArray()) {
            return Optional.empty();
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode container : answer.get().body()) {
            String[] fields = new String[2 + READ.size()];
            fields[0] = container.path("Names").path(0).asText("").replaceFirst("^/", "");
            fields[1] = container.path("State").asText("");
            for (int i = 0; i < READ.size(); i++) {
                fields[2 + i] = container.path("Labels").path(READ.get(i)).asText("");
            }
            rows.add(fields);
        }
        return Optional.of(rows);
    }

    /** The same as the docker command line lists it. */
    private List<String[]> listed(List<String> labels) {
        List<String> ps = new ArrayList<>(List.of("ps", "-a"));
        labels.forEach(l -> ps.addAll(List.of("--filter", "label=" + l)));
        ps.addAll(List.of("--format", "{{.Names}}\t{{.State}}" + String.join("", READ.stream()
                .map(l -> "\t{{.Label \"" + l + "\"}}").toList())));
        // the output is trimmed: empty labels at the end of the last line are gone, so count them as empty
        return docker.check(ps).lines().map(line -> Arrays.copyOf(line.split("\t", -1), 2 + READ.size()))
                .toList();
    }

    private static String text(String field) {
        return field == null ? "" : field.trim();
    }
}
