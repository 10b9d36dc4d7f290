package io.roro.core.platform.docker;

import io.roro.core.TemporaryDirectory;
import io.roro.core.build.RuntimeToolkit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * roro's runtime images (agent-images/runtime-python, bundled on the classpath): built on demand, tagged with the
 * hash of their files, so a new toolkit means a new image and an unchanged one is reused.
 */
public final class RuntimeImages {
    public static final String DEFAULT_BASE = "roro/debian-python:bookworm-5";

    private final DockerCli docker;
    private final Map<String, String> env;

    public RuntimeImages(DockerCli docker, Map<String, String> env) {
        this.docker = docker;
        this.env = env;
    }

    /**
     * Runtime images seen to exist in the last minute, per docker engine: a deploy asks for its runtime twice
     * (build, router), and the resident roro deploys again and again. An image removed within the minute makes the
     * build fail with docker's "not found" message, as removing any base image would.
     */
    private static final Map<String, Long> SEEN = new ConcurrentHashMap<>();
    private static final long SEEN_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** The image for a runtime alias; built when missing. */
    public String ensure(String runtime) {
        String base = base(runtime);
        String name = "roro/runtime-" + (runtime.equals("python3-gpu") ? "gpu" : "python") + ":" + hash(base);
        String seenKey = env.getOrDefault("DOCKER_HOST", "") + " " + name;
        Long seenAt = SEEN.get(seenKey);
        if (seenAt != null && System.nanoTime() - seenAt < SEEN_NANOS) {
            return name;
        }
        build(runtime, base, name);
        SEEN.put(seenKey, System.nanoTime());
        return name;
    }

    private String base(String runtime) {
        String base = switch (runtime) {
            case "python3", "python3-keras" -> env.getOrDefault("RORO_BASE_IMAGE", DEFAULT_BASE);
            case "python3-gpu" -> env.getOrDefault("RORO_GPU_BASE_IMAGE", "");
            default -> throw new IllegalArgumentException("not a runtime alias: " + runtime);
        };
        if (base.isEmpty()) {
            throw new DockerException("runtime python3-gpu needs a CUDA base image with python3, scikit-learn and"
                    + " gunicorn: set RORO_GPU_BASE_IMAGE (agent-images/runtime-gpu/README.md)");
        }
        return base;
    }

    /** Builds the runtime image {@code name} on {@code base} unless it exists. */
    private void build(String runtime, String base, String name) {
        if (docker.run(List.of("image", "inspect", name), 60).ok()) {
            return;
        }
        CommandResult baseImage = docker.run(List.of("image", "inspect", base), 60);
        if (!baseImage.ok() && !baseImage.stderr().contains("No such image")) {
            // the engine was not asked at all (no permission on its socket, not running): say what docker said
            throw new DockerException("cannot ask the Docker engine for the base image " + base + ": "
                    + baseImage.stderr().strip());
        }
        if (!baseImage.ok()) {
            throw new DockerException("base image " + base + " is not available; run scripts/setup-docker.sh (it"
                    + " builds it) or set RORO_BASE_IMAGE to an image with python3, scikit-learn, gunicorn, nginx");
        }
        Path context = extract();
        try {
            docker.check(List.of("build", "-q", "--build-arg", "BASE=" + base, "-t", name,
                    "--label", "io.roro.runtime=" + runtime, context.toString()));
        } finally {
            delete(context);
        }
    }

    private static String hash(String base) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(base.getBytes(StandardCharsets.UTF_8));
            for (String file : RuntimeToolkit.FILES) {
                try (InputStream in = RuntimeToolkit.resource(file).openStream()) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the runtime files", e);
        }
    }

    private static Path extract() {
        try {
            Path dir = Files.createTempDirectory("roro-runtime-");
            for (String file : RuntimeToolkit.FILES) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = RuntimeToolkit.resource(file).openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        TemporaryDirectory.delete(dir);
    }
}
