package io.roro.core.platform.docker;

import io.roro.core.platform.docker.DockerCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
        return "true".equals(docker.run(List.of("inspect", "-f", "{{.State.Running}}", name), 30).stdout().trim());
    }

    /** The backends of one service, running or not (one docker call). */
    public List<Backend> of(String project, String service) {
        return list(project, Optional.of(service));
    }

    private List<Backend> list(String project, Optional<String> service) {
        List<String> ps = new ArrayList<>(List.of("ps", "-a", "--filter", "label=io.roro.project=" + project,
                "--filter", "label=io.roro.role=backend"));
        service.ifPresent(s -> ps.addAll(List.of("--filter", "label=io.roro.service=" + s)));
        ps.addAll(List.of("--format", "{{.Names}}\t{{.State}}\t{{.Label \"io.roro.service\"}}\t"
                + "{{.Label \"io.roro.port\"}}\t{{.Label \"" + HOME_LABEL + "\"}}\t{{.Label \"io.roro.generation\"}}\t"
                + "{{.Label \"io.roro.model-version\"}}\t{{.Label \"io.roro.build\"}}"));
        List<Backend> backends = new ArrayList<>();
        for (String line : docker.check(ps).lines().toList()) {
            // the output is trimmed: empty labels at the end of the last line are gone, so count them as empty
            String[] fields = java.util.Arrays.copyOf(line.split("\t", -1), 8);
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

    private static String text(String field) {
        return field == null ? "" : field.trim();
    }
}
