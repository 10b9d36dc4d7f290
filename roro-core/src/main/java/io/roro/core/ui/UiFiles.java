package io.roro.core.ui;

import io.roro.core.artifacts.ArtifactRef;
import com.sun.net.httpserver.HttpExchange;
import io.roro.core.TemporaryDirectory;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.StoredFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model version's or a dataset version's file for download ({@code GET /api/v1/versions/MODEL:VERSION/files/NAME},
 * {@code GET /api/v1/datasets/MODEL:NAME:VERSION/files/NAME}): read from the artifact store, which checks its
 * sha256 on the way out, so a corrupted file is an error, never a wrong model or wrong data.
 */
final class UiFiles {
    private static final Pattern FILE = Pattern.compile("/api/v1/(versions|datasets)/([^/]+)/files/([^/]+)");

    private UiFiles() {
    }

    /** Whether {@code path} names a version's file (then {@link #send} answers it). */
    static boolean isFile(String path) {
        return FILE.matcher(path).matches();
    }

    /** Sends the file; UiNotFound for a version or file that does not exist. */
    static void send(HttpExchange exchange, Lineage lineage, String path) throws IOException {
        Matcher m = FILE.matcher(path);
        if (!m.matches()) {
            throw new UiNotFound("no such file: " + path);
        }
        String id = UiRoutes.decode(m.group(2));
        String name = UiRoutes.decode(m.group(3));
        List<StoredFile> files;
        try {
            files = m.group(1).equals("versions") ? lineage.models().withFiles(id).files()
                    : lineage.datasets().dataset(id).orElseThrow(() -> new UiNotFound("no dataset " + id)).files();
        } catch (LineageException e) {
            throw new UiNotFound(e.getMessage(), e); // none, or its files purged: the record says so
        }
        Optional<StoredFile> file = files.stream().filter(f -> f.name().equals(name)).findFirst();
        if (file.isEmpty()) {
            throw new UiNotFound(id + " has no file " + name);
        }
        try (TemporaryDirectory tmp = TemporaryDirectory.create("roro-download-")) {
            Path copy = tmp.path().resolve("file");
            lineage.artifacts().get(ArtifactRef.of(file.get()), copy); // verified against the sha256 lineage recorded
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\""
                    + file.get().name().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
            exchange.getResponseHeaders().set("X-Roro-Sha256", file.get().sha256());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : Files.size(copy));
            if (!head) {
                Files.copy(copy, exchange.getResponseBody());
            }
        }
    }
}
