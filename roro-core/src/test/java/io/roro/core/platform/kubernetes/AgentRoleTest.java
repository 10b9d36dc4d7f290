package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.roro.core.platform.kubernetes.AgentRole.Permission;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The agents' Role is exactly what roro asks of the API server: every operation (deploy, serve, a canary started,
 * judged from the pods' metrics, promoted and aborted, rollback, stop, train, run, a Kaniko build, a notebook
 * with its port-forward, logs, config vars, the rollout lease) is run against the mock API server by the tests of
 * this package, each request recorded as the permission RBAC checks for it ({@link RoroRequests}); the Role grants
 * each of them (else a 403 on a real cluster, as the canary judge had) and nothing else (an agent's `sh` step
 * holds the service account's token: what is granted and never used is only a risk).
 */
class AgentRoleTest {
    /** The tests whose operations, together, are everything roro does on a cluster. */
    private static final List<Class<?>> OPERATIONS = List.of(KubernetesServingTest.class,
            KubernetesCanaryTest.class, KubernetesTrainingTest.class, KubernetesNotebookTest.class,
            KanikoImageBuilderTest.class, KubernetesConfigVarsTest.class, KubernetesDeployerTest.class,
            ServiceLeaseTest.class);

    @Test
    void theRoleGrantsExactlyWhatRoroAsks() {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(OPERATIONS.stream().map(c -> selectClass(c)).toList()).build(), summary);
        TestExecutionSummary ran = summary.getSummary();
        assertThat(ran.getTestsSucceededCount()).as("the operations ran: %s", ran.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).toList())
                .isEqualTo(ran.getTestsFoundCount()).isPositive();

        Set<Permission> used = new TreeSet<>(RoroRequests.USED);
        Set<Permission> granted = AgentRole.granted();
        Set<Permission> missing = new TreeSet<>(used);
        missing.removeAll(granted);
        Set<Permission> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        assertThat(missing).as("asked by roro, not granted by %s", AgentRole.FILE).isEmpty();
        assertThat(unused).as("granted by %s, never asked by roro", AgentRole.FILE).isEmpty();
    }
}
