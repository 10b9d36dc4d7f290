package io.roro.core.platform.docker;

/** What a finished command printed and how it exited. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** The last lines of stderr (or stdout), for error messages. */
    public String tail(int lines) {
        String text = stderr.isBlank() ? stdout : stderr;
        var all = text.strip().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
