package io.roro.core.platform.docker;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a failed image build tells its user: the engine's output without the terminal colours it puts around a
 * step's stderr, led by the line a roro step said why in (the requirements step: "roro: pandsa is not on
 * https://pypi.example.com/simple"), then the last lines of the build for the rest.
 */
final class BuildFailure {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");

    private BuildFailure() {
    }

    static String message(List<String> output) {
        List<String> lines = output.stream().map(l -> ANSI.matcher(l).replaceAll("").strip())
                .filter(l -> !l.isEmpty()).toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        String why = lines.stream().filter(l -> l.startsWith("roro: ") && !l.startsWith("roro: installing"))
                .reduce((first, later) -> later).orElse("");
        return "docker build failed" + (why.isEmpty() ? "" : ": " + why) + (why.isEmpty() ? ": " : "\n") + tail;
    }
}
