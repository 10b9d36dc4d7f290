package io.roro.core.platform.docker;

import io.roro.core.spec.ServiceSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Why a backend did not start, as one line a user can act on: the error its log ends with (a Python traceback's
 * last line names it), a hint where the cause is roro.yml's, and where the whole log is. The traceback itself is
 * for {@code roro logs SERVICE --failed} (the backend itself is removed).
 */
final class StartupFailure {
    /** A traceback's last line: {@code FileNotFoundError: ...}, {@code ModuleNotFoundError: ...}, ... */
    private static final Pattern ERROR = Pattern.compile("^[A-Za-z_][\\w.]*(Error|Exception|Exit|Interrupt)\\b.*");

    private StartupFailure() {
    }

    static String of(String backend, ServiceSpec service, String log) {
        List<String> lines = log.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String cause = lines.stream().filter(l -> ERROR.matcher(l).matches()).reduce((a, b) -> b)
                .or(() -> lines.stream().reduce((a, b) -> b)).orElse("its log is empty");
        if (cause.length() > 300) {
            cause = cause.substring(0, 297) + "...";
        }
        String hint = service.model().isEmpty() && (cause.contains("/model") || cause.contains("RORO_MODEL_DIR"))
                ? "; service " + service.name() + " has no model: in roro.yml, so it is given no model files" : "";
        return backend + " did not become healthy: " + cause + hint + " (roro logs " + service.name()
                + " --failed shows its whole log)";
    }
}
