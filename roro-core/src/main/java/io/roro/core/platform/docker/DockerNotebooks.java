package io.roro.core.platform.docker;

import com.sun.security.auth.module.UnixSystem;
import io.roro.core.TemporaryDirectory;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.StoredFile;
import io.roro.core.platform.JupyterStatus;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.RuntimeEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jupyter Notebook (Debian's jupyter-notebook, in the runtime image) in a container of the project image: the
 * project directory at /app read-write as the user who runs roro (what is saved there is theirs), the dataset at
 * /data and a model version at /model (read-only, sha256-checked as for trainings), config vars, the profile's
 * limits; on the host network bound to 127.0.0.1 with a token. Labelled with the roro home's scope, so stop and
 * ps see only this home's.
 */
final class DockerNotebooks implements NotebookRuntime {
    private static final Logger LOG = Logger.getLogger(DockerNotebooks.class.getName());

    static final String ROLE = "notebook";
    private final DockerCli docker;
    private final Supplier<ArtifactStore> artifacts;
    private final Path roroHome;
    private final String scope;

    DockerNotebooks(DockerCli docker, Supplier<ArtifactStore> artifacts, Path roroHome) {
        this.docker = docker;
        this.artifacts = artifacts;
        this.roroHome = roroHome;
        this.scope = Backends.scope(roroHome);
    }

    @Override
    public Session start(Launch launch, Consumer<String> log) {
        String suffix = HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt(
                (int) (System.nanoTime() ^ launch.port())).array());
        String container = "roro-nb-" + launch.project() + "-" + suffix;
        Path work = roroHome.resolve("work").resolve(launch.project()).resolve("notebook-" + suffix);
        try {
            Path data = Files.createDirectories(work.resolve("data"));
            Path model = Files.createDirectories(work.resolve("model"));
            launch.dataset().ifPresent(d -> download(d.files(), data));
            launch.version().ifPresent(v -> download(v.files(), model));
            String url = "http://127.0.0.1:" + launch.port() + "/?token=" + launch.token();
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", container, "--network", "host",
                    "--user", user(), "--label", "io.roro.project=" + launch.project(), "--label",
                    "io.roro.role=" + ROLE, "--label", Backends.HOME_LABEL + "=" + scope, "--label",
                    "io.roro.port=" + launch.port(), "-v", launch.directory().toAbsolutePath() + ":/app", "-v", data.toAbsolutePath() + ":/data:ro",
                    "-v", model.toAbsolutePath() + ":/model:ro", "-w", "/app"));
            RuntimeEnvironment.notebook(launch.version().map(v -> v.id()), PATHS)
                    .forEach((variable, value) -> run.addAll(List.of("-e", variable + "=" + value)));
            run.addAll(ContainerLimits.flags(launch.profile()));
            run.addAll(BackendRun.envFileFlags(roroHome, launch.project()));
            run.addAll(List.of(launch.build().image(), "jupyter", "notebook", "--ip=127.0.0.1",
                    // --allow-root: the container runs as the user who runs roro, root on many CI machines
                    "--port=" + launch.port(), "--port-retries=0", "--no-browser", "--notebook-dir=/app",
                    "--allow-root", "--NotebookApp.token=" + launch.token()));
            Files.writeString(work.resolve("url"), url);
            docker.check(run);
            log.accept("notebook " + container + " starting on 127.0.0.1:" + launch.port());
            Session session = new Session(launch.project(), container, url);
            awaitAnswer(session, launch);
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the notebook: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            docker.run(List.of("rm", "-f", container), 60);
            throw e;
        }
    }

    private void awaitAnswer(Session session, Launch launch) {
        try {
            JupyterStatus.await(launch.port(), launch.token(), Duration.ofSeconds(90),
                    () -> running(session) ? Optional.empty() : Optional.of(docker.run(
                            List.of("logs", "--tail", "15", session.container()), 30).tail(15)));
        } catch (PlatformException e) {
            throw new PlatformException(e.getMessage() + (running(session) ? ": " + docker.run(List.of("logs",
                    "--tail", "15", session.container()), 30).tail(15) : ""), e);
        }
    }

    @Override
    public boolean running(Session session) {
        return docker.running(session.container());
    }

    @Override
    public List<Session> sessions(String project) {
        List<Session> sessions = new ArrayList<>();
        if (!anyStarted(project)) {
            return sessions; // none was started from this home (or all were stopped): no docker process for ps
        }
        for (String name : containers(project)) {
            String url = "";
            Path work = roroHome.resolve("work").resolve(project).resolve("notebook-"
                    + name.substring(name.lastIndexOf('-') + 1));
            try {
                url = Files.readString(work.resolve("url")).trim();
            } catch (IOException e) {
                // started by another home or removed: listed without its URL
                LOG.log(Level.FINE, "no URL kept for notebook " + work, e);
            }
            sessions.add(new Session(project, name, url));
        }
        return sessions;
    }

    @Override
    public int stop(String project) {
        List<String> names = anyStarted(project) ? containers(project) : List.of();
        if (!names.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(names);
            docker.check(rm);
        }
        // their copies of the dataset and model go with them; a notebook of another roro process that still runs
        // keeps its own (its container is still listed)
        List<String> running = names.isEmpty() ? List.of() : containers(project);
        for (Path work : workDirs(project)) {
            String container = "roro-nb-" + project + "-" + work.getFileName().toString().substring("notebook-".length());
            if (!running.contains(container)) {
                TemporaryDirectory.delete(work);
            }
        }
        return names.size();
    }

    /** Whether a notebook of the project was started from this home and not stopped since (its work directory). */
    private boolean anyStarted(String project) {
        return !workDirs(project).isEmpty();
    }

    private List<Path> workDirs(String project) {
        Path dir = roroHome.resolve("work").resolve(project);
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("notebook-")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private List<String> containers(String project) {
        return docker.check(List.of("ps", "--filter", "label=io.roro.project=" + project, "--filter",
                "label=io.roro.role=" + ROLE, "--filter", "label=" + Backends.HOME_LABEL + "=" + scope, "--format",
                "{{.Names}}")).lines().filter(l -> !l.isBlank()).toList();
    }

    private void download(List<StoredFile> files, Path dir) {
        Inputs.fetch(artifacts, files, dir, "the notebook's");
    }

    /** The user who runs roro, so that the notebook writes the project's files as they would. */
    private static String user() {
        UnixSystem unix = new UnixSystem();
        return unix.getUid() + ":" + unix.getGid();
    }
}
