package io.roro.core.contract;

import io.roro.core.secrets.Secrets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who or what made a record: a Jenkins build (job, number, URL) or a person at a shell (user@host and the command).
 * Commands are recorded with secret-looking arguments masked.
 */
public record Origin(String kind, Optional<String> job, Optional<Integer> buildNumber, Optional<String> url,
        String user, String host, Optional<String> command) {

    public static Origin jenkins(String job, int buildNumber, String url, String user) {
        return new Origin("jenkins", Optional.of(job), Optional.of(buildNumber), Optional.of(url), user, localHost(),
                Optional.empty());
    }

    public static Origin cli(List<String> args) {
        return new Origin("cli", Optional.empty(), Optional.empty(), Optional.empty(),
                System.getProperty("user.name", "unknown"), localHost(),
                Optional.of("roro " + String.join(" ", Secrets.maskArguments(args))));
    }

    /**
     * A Jenkins build when the standard build variables are set ({@code JOB_NAME}, {@code BUILD_NUMBER},
     * {@code BUILD_URL}: roro steps run the roro command inside one), else this user at this host running {@code args}.
     */
    public static Origin fromEnvironment(Map<String, String> env, List<String> args) {
        String job = env.get("JOB_NAME");
        String number = env.get("BUILD_NUMBER");
        if (job != null && number != null && number.matches("\\d+")) {
            return jenkins(job, Integer.parseInt(number), env.getOrDefault("BUILD_URL", ""),
                    env.getOrDefault("BUILD_USER_ID", "jenkins"));
        }
        return cli(args);
    }

    /** For tests and tools that write lineage directly. */
    public static Origin of(String kind, String user) {
        return new Origin(kind, Optional.empty(), Optional.empty(), Optional.empty(), user, localHost(), Optional.empty());
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** {@code user@host} for the CLI, {@code job #n} for Jenkins. */
    public String describe() {
        return job.map(j -> j + " #" + buildNumber.orElse(0)).orElse(user + "@" + host);
    }
}
