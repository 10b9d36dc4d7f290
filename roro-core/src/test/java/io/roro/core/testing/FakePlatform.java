package io.roro.core.testing;

import io.roro.core.build.ProjectBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.ConfigVarStore;
import io.roro.core.platform.Platform;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.ServicePlan;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrainingExit;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.platform.TrainingLaunch;
import io.roro.core.platform.TrainingRuntime;
import io.roro.core.spec.ProjectSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A platform in memory, for the operations' own tests (what is recorded, what is refused, what a failure leaves):
 * builds are records, a service is what runs on it in a map, a training is what the test says it prints and
 * leaves. Starts in microseconds; nothing runs. What a real target does is the platforms' own suite (PlatformSuite
 * on Docker and local processes).
 */
public final class FakePlatform implements Platform {
    /** What a training does here: its output lines and how it ends (files it leaves in {@code output}). */
    public interface Training {
        TrainingExit run(TrainingLaunch launch, Path output, Consumer<String> lines) throws IOException;
    }

    /** What runs now: a service's version and build. */
    public record Running(String version, String build, int replicas) {
    }

    private final Supplier<Lineage> lineage;
    private final Path work;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> vars = new ConcurrentHashMap<>();
    private final Set<String> failingVersions = ConcurrentHashMap.newKeySet();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private volatile Training training = (launch, output, lines) -> {
        Files.writeString(output.resolve("model.pkl"), "weights of " + launch.training().id());
        lines.accept("roro:metrics {\"auc\": 0.9}");
        return new TrainingExit(TrainingExit.Outcome.SUCCEEDED, "", Optional.of(output),
                Optional.of(TrainingExit.Log.of("trained\n")));
    };

    public FakePlatform(Supplier<Lineage> lineage, Path work) {
        this.lineage = lineage;
        this.work = work;
    }

    /** Makes every later training do {@code what}. */
    public FakePlatform training(Training what) {
        this.training = what;
        return this;
    }

    /** A serve of {@code version} (MODEL:V) starts and never becomes healthy. */
    public FakePlatform failing(String version) {
        failingVersions.add(version);
        return this;
    }

    /** What runs now, by {@code PROJECT:SERVICE}. */
    public Map<String, Running> running() {
        return new TreeMap<>(running);
    }

    /** Every change the platform was asked to make, in order ({@code build p}, {@code live p:s m:v1}, ...). */
    public List<String> actions() {
        return List.copyOf(actions);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public ProjectBuilder builder() {
        return (ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) -> {
            actions.add("build " + spec.project());
            BuildVersion build = new BuildVersion(spec.project(), "fake-" + spec.project(), "fake/" + spec.project(),
                    "fake:" + spec.project(), Optional.empty(), "fake", Instant.now(), origin);
            return lineage.get().projects().recordBuildIfNew(build);
        };
    }

    @Override
    public ServiceRuntime services() {
        return new Services();
    }

    @Override
    public TrainingRuntime trainings() {
        return new Trainings();
    }

    @Override
    public ConfigVarStore configVars(String project) {
        Map<String, String> of = vars.computeIfAbsent(project, p -> new ConcurrentHashMap<>());
        return new ConfigVarStore() {
            @Override
            public List<String> names() {
                return List.copyOf(new TreeMap<>(of).keySet());
            }

            @Override
            public List<String> secrets() {
                return List.copyOf(of.values());
            }

            @Override
            public void set(Map<String, String> values) {
                of.putAll(values);
            }

            @Override
            public List<String> unset(Collection<String> names) {
                return names.stream().filter(n -> of.remove(n) != null).toList();
            }
        };
    }

    private final class Services implements ServiceRuntime {
        private record Prepared(ServicePlan plan) implements PreparedService {
        }

        @Override
        public PreparedService prepare(ServicePlan plan, Consumer<String> log) {
            return new Prepared(plan);
        }

        @Override
        public Rollout rollOut(PreparedService prepared, BuildVersion build, Consumer<String> log) {
            ServicePlan plan = prepared.plan();
            String key = plan.project() + ":" + plan.service().name();
            String version = plan.version().map(v -> v.id()).orElse("-");
            String endpoint = "http://127.0.0.1:1/" + plan.service().name();
            int replicas = plan.replicas().orElse(Math.max(1, plan.service().replicas()));
            if (failingVersions.contains(version)) {
                actions.add("failed " + key + " " + version);
                return Rollout.notLive(endpoint, replicas, "did not become healthy", "fake: " + version
                        + " never answered its health check", running.containsKey(key));
            }
            Running wanted = new Running(version, build.id(), replicas);
            if (wanted.equals(running.get(key))) {
                return Rollout.unchanged(endpoint, replicas);
            }
            return Rollout.live(endpoint, replicas, () -> {
                running.put(key, wanted);
                actions.add("live " + key + " " + version);
            }, () -> actions.add("abandoned " + key + " " + version));
        }

        @Override
        public void stop(String project, String service) {
            running.remove(project + ":" + service);
            actions.add("stop " + project + ":" + service);
        }

        @Override
        public Map<String, Integer> ready(String project, List<Deployment> deployments, Consumer<String> log) {
            Map<String, Integer> ready = new TreeMap<>();
            for (Deployment d : deployments) {
                Running r = running.get(project + ":" + d.service());
                ready.put(d.service(), r == null ? 0 : r.replicas());
            }
            return ready;
        }

        @Override
        public void logs(String project, String service, int tail, boolean follow, Consumer<String> out) {
            out.accept("fake log of " + project + ":" + service);
        }
    }

    private final class Trainings implements TrainingRuntime {
        private final Map<String, TrainingLaunch> launched = new ConcurrentHashMap<>();

        @Override
        public TrainingHandle start(TrainingLaunch launch, Consumer<String> log) {
            TrainingRun t = launch.training();
            launched.put(t.id(), launch);
            actions.add("train " + t.id());
            return new TrainingHandle(t.id(), "fake-" + t.name(), Optional.of(work.resolve(t.name())),
                    launch.profile().name(), Optional.empty(), t.model(), t.dataset(), Optional.empty(),
                    launch.publish(), t.origin().user());
        }

        @Override
        public TrainingHandle attach(TrainingRun run) {
            throw new UnsupportedOperationException("the fake platform follows only what it started");
        }

        @Override
        public TrainingExit follow(TrainingHandle handle, Consumer<String> lines) {
            Path output = handle.workDir().orElseThrow().resolve("output");
            try {
                Files.createDirectories(output);
                return training.run(launched.get(handle.trainingId()), output, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<TrainingExit> poll(TrainingHandle handle, Consumer<String> lines) {
            return Optional.of(follow(handle, lines));
        }

        @Override
        public void cancel(TrainingHandle handle) {
            actions.add("cancel " + handle.trainingId());
        }

        @Override
        public boolean liveLog(TrainingRun run, Consumer<String> lines) {
            return false;
        }
    }
}
