package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker build -q} of a staged context on the engine's API: the context sent as a tar, the answer's
 * messages read for the image ID or the error. What the command line does for this build, without its process
 * (~20 ms of a deploy, and its CPU beside the build on 2 cores). Only for a context the command line would send
 * as it is: without a .dockerignore of the project's (the command line applies one; the engine only drops the
 * Dockerfile and .dockerignore they name), and a Dockerfile whose base image is here (no registry credentials
 * to pass). The legacy builder, as the command line uses here.
 */
final class EngineBuild {
    private static final Logger LOG = Logger.getLogger(EngineBuild.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger contexts go through the command line, which streams them; this one holds the tar in memory. */
    static final long MAX_CONTEXT_BYTES = 64L << 20;

    private EngineBuild() {
    }

    /**
     * Builds {@code context} (its Dockerfile named {@code dockerfile} inside it) as {@code image}: the image ID.
     * Empty when the engine did not answer so that the build can be judged (the caller asks the command line);
     * a build that failed throws, with the engine's message and the output before it.
     */
    static Optional<String> build(EngineSocket engine, Path context, String dockerfile, String image,
            long timeoutSeconds) {
        Optional<byte[]> tar = tar(context);
        if (tar.isEmpty()) {
            return Optional.empty();
        }
        // networkmode=host as `docker build --network host`: RUN steps (pip) reach what the host reaches.
        // forcerm: a failed step's container goes too (rm=1 removes them only after a build that succeeded: every
        // failed build left one, labelled with the project)
        String target = "/build?version=1&q=1&rm=1&forcerm=1&networkmode=host&t="
                + URLEncoder.encode(image, StandardCharsets.UTF_8)
                + "&dockerfile=" + URLEncoder.encode(dockerfile, StandardCharsets.UTF_8);
        return engine.post(target, "application/x-tar", tar.get(), timeoutSeconds).flatMap(EngineSocket::raw)
                .flatMap(EngineBuild::imageId);
    }

    /** The image ID an answer names, or the build's failure thrown; empty for an answer that says neither. */
    static Optional<String> imageId(EngineSocket.Raw answer) {
        List<JsonNode> messages = messages(answer.body());
        if (answer.status() != 200) {
            String message = messages.isEmpty() ? "" : messages.get(0).path("message").asText("");
            if (message.isEmpty()) {
                return Optional.empty(); // not the engine's own answer: the command line says what is wrong
            }
            throw new DockerException("docker build failed: " + message);
        }
        List<String> output = new ArrayList<>();
        for (JsonNode message : messages) {
            if (message.hasNonNull("error")) {
                output.add(message.path("errorDetail").path("message").asText(message.path("error").asText()));
                throw new DockerException(BuildFailure.message(output));
            }
            String stream = message.path("stream").asText("");
            stream.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(output::add);
            String aux = message.path("aux").path("ID").asText("");
            if (aux.matches("sha256:[0-9a-f]{64}")) {
                return Optional.of(aux);
            }
        }
        // with q=1 the engine's last message is the image ID
        return output.isEmpty() || !output.get(output.size() - 1).matches("sha256:[0-9a-f]{64}") ? Optional.empty()
                : Optional.of(output.get(output.size() - 1));
    }

    private static List<JsonNode> messages(byte[] body) {
        List<JsonNode> messages = new ArrayList<>();
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (values.hasNextValue()) {
                messages.add(values.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            // what came before a message that is not JSON is kept; the rest is not the engine's
            LOG.log(Level.FINE, "the engine's build output ends in what is not JSON", e);
        }
        return messages;
    }

    /**
     * The context as the command line would send it: directories and regular files (staging keeps no others),
     * owned by root as the command line's tar and COPY make them, with their permissions and times.
     */
    private static Optional<byte[]> tar(Path context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        long total = 0;
        try (Stream<Path> walk = Files.walk(context); TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : (Iterable<Path>) walk.filter(p -> !p.equals(context)).sorted()::iterator) {
                boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                String name = context.relativize(path).toString().replace('\\', '/') + (directory ? "/" : "");
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setMode((directory ? 040000 : 0100000) | mode(Files.getPosixFilePermissions(path,
                        LinkOption.NOFOLLOW_LINKS)));
                entry.setModTime(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS));
                if (!directory) {
                    entry.setSize(Files.size(path));
                    total += entry.getSize();
                    if (total > MAX_CONTEXT_BYTES) {
                        return Optional.empty();
                    }
                }
                tar.putArchiveEntry(entry);
                if (!directory) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send the build context " + context + ": " + e.getMessage(), e);
        }
        return Optional.of(bytes.toByteArray());
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal()); // OWNER_READ (0) is 0400 ... OTHERS_EXECUTE (8) is 01
        }
        return mode;
    }
}
