package io.roro.core.platform.docker;

import io.roro.core.platform.PlatformException;
import io.roro.core.spec.BuiltinProfiles;
import io.roro.core.spec.ResourceProfile;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What this Docker engine can give a container: its CPUs and memory (the engine's {@code /info}). A profile whose
 * limits exceed them is refused before anything starts, naming the profiles that fit; without this, docker's own
 * "Range of CPUs is from 0.01 to 2.00" came after the image was built and the training recorded.
 */
final class EngineCapacity {
    private final BigDecimal cpus;
    private final long memory;

    private EngineCapacity(BigDecimal cpus, long memory) {
        this.cpus = cpus;
        this.memory = memory;
    }

    /** The engine's capacity; empty when it cannot be asked (the command line's error comes then). */
    static Optional<EngineCapacity> of(DockerCli docker) {
        Optional<EngineCapacity> viaSocket = docker.engine().flatMap(e -> e.get("/info"))
                .filter(EngineSocket.Answer::ok)
                .map(a -> new EngineCapacity(BigDecimal.valueOf(a.body().path("NCPU").asLong(0)),
                        a.body().path("MemTotal").asLong(0)));
        if (viaSocket.isPresent()) {
            return viaSocket.filter(c -> c.cpus.signum() > 0);
        }
        CommandResult info = docker.run(List.of("info", "--format", "{{.NCPU}} {{.MemTotal}}"), 30);
        String[] fields = info.stdout().trim().split("\\s+");
        if (!info.ok() || fields.length != 2 || !fields[0].matches("\\d+") || !fields[1].matches("\\d+")) {
            return Optional.empty();
        }
        return Optional.of(new EngineCapacity(new BigDecimal(fields[0]), Long.parseLong(fields[1])));
    }

    /** Throws, naming the profiles that fit, when {@code profile}'s limits exceed this engine. */
    void check(ResourceProfile profile, String what) {
        Optional<String> problem = problem(profile);
        if (problem.isEmpty()) {
            return;
        }
        List<String> fitting = BuiltinProfiles.all().values().stream().filter(p -> problem(p).isEmpty())
                .map(ResourceProfile::name).toList();
        throw new PlatformException(what + ": profile " + profile.name() + " " + problem.get()
                + "; profiles that fit: " + (fitting.isEmpty() ? "none of the built-in ones" : String.join(", ",
                        fitting)) + " (or one of roro.yml's profiles with smaller limits)");
    }

    private Optional<String> problem(ResourceProfile profile) {
        Optional<BigDecimal> cpu = profile.limits().cpu().map(ContainerLimits::cores);
        if (cpu.isPresent() && cpu.get().compareTo(cpus) > 0) {
            return Optional.of("limits its CPUs to " + cpu.get().stripTrailingZeros().toPlainString()
                    + ", and this Docker engine has " + cpus.toPlainString());
        }
        Optional<Long> bytes = profile.limits().memory().map(ContainerLimits::bytes);
        if (bytes.isPresent() && memory > 0 && bytes.get() > memory) {
            return Optional.of("limits its memory to " + profile.limits().memory().get() + ", more than this Docker"
                    + " engine's " + (memory >> 20) + " MiB");
        }
        return Optional.empty();
    }
}
