package io.roro.core.ui;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.TemporaryDirectory;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.StoredFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The files of a model version or a dataset as its page shows them: sizes a person reads (1.2 MB), and the first
 * lines of the small text ones (JSON, CSV, YAML, ...), read through the artifact store like a download, so what is
 * shown is what was recorded.
 */
final class FileRows {
    private static final Logger LOG = Logger.getLogger(FileRows.class.getName());
    /** Files up to this size are previewed, at most {@link #PREVIEWS} of them a page, {@link #LINES} lines each. */
    static final long PREVIEW_MAX = 64 * 1024;
    static final int PREVIEWS = 5;
    static final int LINES = 40;
    private static final Set<String> TEXT = Set.of("txt", "json", "csv", "tsv", "md", "yaml", "yml", "log", "toml",
            "ini", "cfg", "xml");

    private FileRows() {
    }

    /** A row per file (name, size, sha256); {@code previews}: the first lines of the small text ones. */
    static Map<String, Object> of(Lineage lineage, List<StoredFile> files) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> previews = new ArrayList<>();
        for (StoredFile f : files) {
            rows.add(Map.of("name", f.name(), "size", size(f.size()), "sha256", f.sha256()));
            if (previews.size() < PREVIEWS && f.size() <= PREVIEW_MAX && TEXT.contains(extension(f.name()))) {
                preview(lineage, f).ifPresent(text -> previews.add(Map.of("name", f.name(), "text", text)));
            }
        }
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("files", rows);
        scope.put("previews", previews);
        return scope;
    }

    /** {@code 512 B}, {@code 1.2 KB}, {@code 3.4 MB}, {@code 1.1 GB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The first {@link #LINES} lines, when the file is UTF-8 text; empty for anything else or a failed read. */
    private static Optional<String> preview(Lineage lineage, StoredFile file) {
        try (TemporaryDirectory tmp = TemporaryDirectory.create("roro-preview-")) {
            Path copy = tmp.path().resolve("file");
            lineage.artifacts().get(ArtifactRef.of(file), copy); // verified against its sha256, as a download is
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(copy))).toString();
            if (text.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            List<String> lines = text.lines().toList();
            return Optional.of(String.join("\n", lines.subList(0, Math.min(LINES, lines.size())))
                    + (lines.size() > LINES ? "\n… (" + (lines.size() - LINES) + " more lines)" : ""));
        } catch (CharacterCodingException e) {
            return Optional.empty(); // not text after all
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot preview " + file.name() + " (" + file.artifactId() + ")", e);
            return Optional.empty();
        }
    }
}
