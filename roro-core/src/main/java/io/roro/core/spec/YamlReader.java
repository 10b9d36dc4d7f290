package io.roro.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.roro.core.spec.YamlNode.Entry;
import io.roro.core.spec.YamlNode.Mark;
import io.roro.core.spec.YamlNode.Scalar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link YamlNode} tree with positions, refusing what a project file never needs:
 * anchors and aliases (no "billion laughs"), duplicate keys, several documents, deep nesting and huge files.
 * Every failure is a {@link SpecException}; nothing else escapes, whatever the bytes.
 */
public final class YamlReader {
    /** A roro.yml is a few kilobytes; anything past this is a mistake, refused before it is read. */
    public static final long MAX_BYTES = 1024 * 1024;
    static final int MAX_DEPTH = 32;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            // duplicates are reported by this reader, with the line of the first occurrence
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // `services:` with nothing after it means "none", not the text ""
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    private final String fileName;
    private final List<SpecProblem> problems = new ArrayList<>();

    private YamlReader(String fileName) {
        this.fileName = fileName;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_BYTES);
        return options;
    }

    /** Reads {@code file}, naming it {@code displayName} in problems. */
    public static YamlNode read(Path file, String displayName) throws SpecException {
        return read(file, displayName, Optional.empty());
    }

    /**
     * Reads {@code file} when it is a regular file (inside {@code within}, when given: a link may point elsewhere in
     * the project, never out of it). A device or a pipe is refused before anything is read, and no more than the
     * size limit is ever read, whatever the file system says its size is.
     */
    public static YamlNode read(Path file, String displayName, Optional<Path> within)
            throws SpecException {
        YamlReader reader = new YamlReader(displayName);
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw reader.fatal(0, 0, "is not a regular file (" + (Files.isDirectory(file) ? "a directory"
                        : "a device, a pipe or a socket") + "); roro.yml must be a plain text file");
            }
            if (within.isPresent() && Files.exists(file)) {
                Path real = file.toRealPath();
                Path project = within.get().toRealPath();
                if (!real.startsWith(project)) {
                    throw reader.fatal(0, 0, "links to " + real + ", outside the project " + project
                            + "; roro.yml must be a file of the project");
                }
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw reader.fatal(0, 0, String.format(
                        "file is %.1f MB; a roro.yml may be at most %d KB", size / 1048576.0, MAX_BYTES / 1024));
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw reader.fatal(0, 0, "file is larger than " + MAX_BYTES / 1024 + " KB, the most a roro.yml may be");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw caused(reader.fatal(0, 0, "file is not UTF-8 text"), e);
            }
            return reader.parse(text);
        } catch (NoSuchFileException e) {
            throw caused(reader.fatal(0, 0, "file not found"), e);
        } catch (IOException e) {
            throw caused(reader.fatal(0, 0, "cannot read file: " + e.getMessage()), e);
        }
    }

    /** Parses YAML text, naming it {@code displayName} in problems. */
    public static YamlNode parse(String text, String displayName) throws SpecException {
        YamlReader reader = new YamlReader(displayName);
        if (text.length() > MAX_BYTES) {
            throw reader.fatal(0, 0, "text is longer than " + MAX_BYTES / 1024 + " KB");
        }
        return reader.parse(text);
    }

    private YamlNode parse(String text) throws SpecException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw fatal(0, 0, "file is empty; a roro.yml needs at least `project: <name>`");
            }
            YamlNode root = node(parser, 0);
            if (parser.nextToken() != null) {
                Mark at = mark(parser);
                problems.add(new SpecProblem(fileName, at.line(), at.column(), "",
                        "a second YAML document starts here (---); roro.yml holds exactly one"));
            }
            if (!problems.isEmpty()) {
                throw new SpecException(problems);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            int line = where == null ? 0 : Math.max(where.getLineNr(), 0);
            int column = where == null ? 0 : Math.max(where.getColumnNr(), 0);
            String message = e.getOriginalMessage();
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                // SnakeYAML knows the exact character at fault; Jackson reports where the construct began.
                line = marked.getProblemMark().getLine() + 1;
                column = marked.getProblemMark().getColumn() + 1;
                message = marked.getContext() == null ? marked.getProblem()
                        : marked.getContext() + ": " + marked.getProblem();
            }
            throw caused(fatal(line, column, syntaxMessage(message)), e);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some limits as unchecked exceptions; the user gets the message, never a trace.
            throw caused(fatal(0, 0, "not valid YAML: " + firstLine(String.valueOf(e.getMessage()))), e);
        }
    }

    private YamlNode node(JsonParser parser, int depth) throws IOException, SpecException {
        Mark at = mark(parser);
        if (depth > MAX_DEPTH) {
            throw fatal(at.line(), at.column(), "nesting is deeper than " + MAX_DEPTH + " levels");
        }
        checkAnchor(parser, at);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Mark keyMark = mark(parser);
                    parser.nextToken();
                    YamlNode value = node(parser, depth + 1);
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(new SpecProblem(fileName, keyMark.line(), keyMark.column(), key,
                                "duplicate key '" + key + "' (first at line " + previous.keyMark().line()
                                        + "); each key may appear once in a mapping"));
                    } else {
                        entries.put(key, new Entry(key, keyMark, value));
                    }
                }
                return new YamlNode.Mapping(at, entries);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser, depth + 1));
                }
                return new YamlNode.Sequence(at, items);
            }
            case VALUE_STRING:
                return new Scalar(at, parser.getText(), Scalar.Type.STRING);
            case VALUE_NUMBER_INT:
                return new Scalar(at, parser.getText(), Scalar.Type.INTEGER);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(at, parser.getText(), Scalar.Type.FLOAT);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Scalar(at, parser.getText(), Scalar.Type.BOOLEAN);
            case VALUE_NULL:
                return new Scalar(at, "", Scalar.Type.NULL);
            default:
                throw fatal(at.line(), at.column(), "unexpected YAML content (" + token + ")");
        }
    }

    private void checkAnchor(JsonParser parser, Mark at) throws IOException, SpecException {
        YAMLParser yaml = (YAMLParser) parser;
        if (yaml.isCurrentAlias()) {
            throw fatal(at.line(), at.column(), "YAML aliases (*" + parser.getText()
                    + ") are not supported in roro.yml; write the value out, or use a profile's `extends:`");
        }
        Object anchor = parser.getObjectId();
        if (anchor != null) {
            problems.add(new SpecProblem(fileName, at.line(), at.column(), "", "YAML anchors (&" + anchor
                    + ") are not supported in roro.yml; write the value out, or use a profile's `extends:`"));
        }
    }

    private static Mark mark(JsonParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return new Mark(Math.max(location.getLineNr(), 1), Math.max(location.getColumnNr(), 1));
    }

    private static String syntaxMessage(String raw) {
        String all = raw == null ? "" : raw;
        String message = firstLine(all);
        if (all.contains("\\t") || all.contains("\t") || all.contains("(TAB)")) {
            return "tab character found; YAML indentation must use spaces";
        }
        if (message.contains("alias") || message.contains("anchor")) {
            return "not valid YAML (" + message + "); a value starting with * or & must be quoted,"
                    + " e.g. schedule: \"*/5 * * * *\"";
        }
        return "not valid YAML: " + message;
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }

    /** {@code failure} with what failed underneath it (kept for a debugger; the user reads the message). */
    private static SpecException caused(SpecException failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    private SpecException fatal(int line, int column, String message) {
        problems.add(new SpecProblem(fileName, line, column, "", message));
        return new SpecException(problems);
    }
}
