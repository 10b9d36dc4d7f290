package io.roro.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A help's examples fitted to the terminal's width the way a shell reader expects, never broken inside a word (a
 * URL in an example was cut mid-address by picocli's wrapping): a command too long is continued with {@code \} on
 * the next line, a comment too long goes on under its own {@code #}.
 */
final class ExampleLines {
    private static final String INDENT = "  ";
    private static final String CONTINUED = "      ";

    private ExampleLines() {
    }

    /** The examples, each indented by two, as lines of at most {@code width} (a single longer word stays whole). */
    static List<String> fit(List<String> examples, int width) {
        List<String> out = new ArrayList<>();
        for (String example : examples) {
            String line = INDENT + example;
            if (line.length() <= width) {
                out.add(line);
                continue;
            }
            int hash = commentStart(example);
            String command = hash < 0 ? example : example.substring(0, hash).stripTrailing();
            List<String> commandLines = command(command, width);
            out.addAll(commandLines);
            if (hash >= 0) {
                comment(example.substring(hash + 1).strip(), INDENT.length() + hash, width, out);
            }
        }
        return out;
    }

    /** Where an example's comment starts ({@code #} after whitespace, outside quotes); -1 without one. */
    static int commentStart(String example) {
        char quote = 0;
        for (int i = 0; i < example.length(); i++) {
            char c = example.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(example.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    /** The command, broken between words outside quotes, each line but the last ending in a continuation. */
    private static List<String> command(String command, int width) {
        List<String> words = words(command);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(INDENT);
        for (String word : words) {
            boolean first = line.toString().isBlank();
            if (!first && line.length() + 1 + word.length() + 2 > width) {
                lines.add(line.append(" \\").toString());
                line = new StringBuilder(CONTINUED);
                first = true;
            }
            line.append(first ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** The words of a command line; a quoted part is one word with its quotes. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote == 0 && Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            word.append(c);
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * A comment's words after the command's last line where they fit, else on lines of their own; either way each
     * line of it starts with {@code #} at {@code column} (or at the start of the text when that is too far right).
     */
    private static void comment(String text, int column, int width, List<String> out) {
        int at = column + 20 > width ? INDENT.length() : column;
        String last = out.remove(out.size() - 1);
        StringBuilder line = new StringBuilder(last);
        boolean onCommand = last.length() < at && !last.endsWith("\\");
        if (onCommand) {
            line.append(" ".repeat(at - last.length())).append('#');
        } else {
            out.add(last);
            line = new StringBuilder(" ".repeat(at)).append('#');
        }
        int empty = line.length();
        for (String word : text.split("\\s+")) {
            if (line.length() > empty && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(" ".repeat(at)).append('#');
            }
            line.append(' ').append(word);
        }
        out.add(line.toString());
    }
}
