package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.roro.core.contract.BuildVersion;
import io.roro.core.platform.JupyterStatus;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.PlatformException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notebook servers on a cluster: a Pod per session (NotebookPods), reached through a port-forward from this
 * machine's 127.0.0.1 (what {@code kubectl port-forward} does, through fabric8), so a GPU node needs no public
 * address. The forward lives in the roro process that started the notebook, as long as it runs. What is saved
 * lives in the pod (the image's copy of the project): download it before the notebook stops.
 */
final class KubernetesNotebooks implements NotebookRuntime {
    private static final Logger LOG = Logger.getLogger(KubernetesNotebooks.class.getName());
    private static final Duration JUPYTER_PATIENCE = Duration.ofSeconds(90);

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final Function<BuildVersion, String> imageFor;
    private final Duration startTimeout;
    private final Map<String, LocalPortForward> forwards = new ConcurrentHashMap<>();

    KubernetesNotebooks(KubernetesClient client, KubernetesSettings settings, Function<BuildVersion, String> imageFor,
            Duration startTimeout) {
        this.client = client;
        this.settings = settings;
        this.imageFor = imageFor;
        this.startTimeout = startTimeout;
    }

    @Override
    public Session start(Launch launch, Consumer<String> log) {
        String name = create(launch);
        log.accept("notebook pod " + name + " starting in namespace " + settings.namespace()
                + " (the project's files are the image's copy: download what you save before it stops)");
        try {
            awaitRunning(name);
            LocalPortForward forward = client.pods().inNamespace(settings.namespace()).withName(name)
                    .portForward(NotebookPods.PORT, InetAddress.getLoopbackAddress(), launch.port());
            forwards.put(name, forward);
            String url = "http://127.0.0.1:" + launch.port() + "/?token=" + launch.token();
            // Jupyter answers within seconds of its pod running; a shorter start timeout bounds this wait too
            JupyterStatus.await(launch.port(), launch.token(), startTimeout.compareTo(JUPYTER_PATIENCE) < 0
                    ? startTimeout : JUPYTER_PATIENCE, Optional::empty);
            log.accept("127.0.0.1:" + launch.port() + " is forwarded to " + name + ":" + NotebookPods.PORT);
            return new Session(launch.project(), name, url);
        } catch (RuntimeException e) {
            delete(name);
            throw e;
        }
    }

    /** The Secret with the token, then the Pod; returns the pod's name. */
    String create(Launch launch) {
        String suffix = HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt(
                (int) (System.nanoTime() ^ launch.port())).array());
        String name = KubeNames.name("roro-nb", launch.project(), suffix);
        client.resource(NotebookPods.token(settings, name, launch.project(), launch.token()))
                .inNamespace(settings.namespace()).create();
        try {
            client.resource(NotebookPods.pod(settings, name, launch, imageFor.apply(launch.build())))
                    .inNamespace(settings.namespace()).create();
        } catch (RuntimeException e) {
            client.secrets().inNamespace(settings.namespace()).withName(name).delete();
            throw new PlatformException("cannot create the notebook pod " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    private void awaitRunning(String name) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            Pod pod = client.pods().inNamespace(settings.namespace()).withName(name).get();
            String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Running".equals(phase)) {
                return;
            }
            if ("Failed".equals(phase) || "Succeeded".equals(phase) || pod == null) {
                throw new PlatformException("the notebook pod " + name + " ended before it served ("
                        + phase + "): kubectl logs -n " + settings.namespace() + " " + name);
            }
            sleep(1000);
        }
        throw new PlatformException("the notebook pod " + name + " did not run within " + startTimeout.toSeconds()
                + " s (an image pull, or no node with the profile's resources): kubectl describe pod -n "
                + settings.namespace() + " " + name);
    }

    @Override
    public boolean running(Session session) {
        Pod pod = client.pods().inNamespace(settings.namespace()).withName(session.container()).get();
        LocalPortForward forward = forwards.get(session.container());
        return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && (forward == null || forward.isAlive());
    }

    @Override
    public List<Session> sessions(String project) {
        return client.pods().inNamespace(settings.namespace()).withLabels(NotebookPods.labels(project)).list()
                .getItems().stream().map(p -> new Session(project, p.getMetadata().getName(),
                        forwards.containsKey(p.getMetadata().getName()) ? "http://127.0.0.1:"
                                + forwards.get(p.getMetadata().getName()).getLocalPort() + "/"
                                : "(forwarded by the roro notebook that started it)")).toList();
    }

    @Override
    public int stop(String project) {
        List<String> names = sessions(project).stream().map(Session::container).toList();
        names.forEach(this::delete);
        return names.size();
    }

    private void delete(String name) {
        LocalPortForward forward = forwards.remove(name);
        if (forward != null) {
            try {
                forward.close();
            } catch (IOException e) {
                // the pod goes anyway, and its forward with it
                LOG.log(Level.FINE, "cannot close the port-forward of a notebook", e);
            }
        }
        client.pods().inNamespace(settings.namespace()).withName(name).delete();
        client.secrets().inNamespace(settings.namespace()).withName(name).delete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while the notebook started", e);
        }
    }
}
