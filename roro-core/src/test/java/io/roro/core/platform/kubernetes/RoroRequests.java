package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.roro.core.platform.kubernetes.AgentRole.Permission;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records what roro asks the mock API server in a test — the requests of a client made by {@link #client}, told
 * apart from the test's own by their User-Agent — as the permissions RBAC checks for them, and fails the test
 * when the agents' Role does not grant one (on a real cluster: a 403). What every test needed is gathered in
 * {@link #USED}, which {@code AgentRoleTest} compares with the Role.
 */
final class RoroRequests implements AfterEachCallback {
    static final String USER_AGENT = "roro-under-test";
    static final Set<Permission> USED = new ConcurrentSkipListSet<>();
    // /api/v1/namespaces/NS/RESOURCE[/NAME[/SUBRESOURCE[/...]]] and /apis/GROUP/VERSION/namespaces/NS/...
    private static final Pattern PATH = Pattern.compile(
            "/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?[^?]*(\\?.*)?");

    /** A client of the mock server whose requests count as roro's. */
    static KubernetesClient client(KubernetesClient mock) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(mock.getConfiguration())
                .withUserAgent(USER_AGENT).build()).build();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Optional<KubernetesMockServer> server = server(context.getRequiredTestInstance());
        if (server.isEmpty()) {
            return;
        }
        List<Permission> asked = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.get().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (USER_AGENT.equals(request.getHeader("User-Agent"))) {
                asked.addAll(permissions(request.getMethod(), request.getPath()));
            }
        }
        USED.addAll(asked);
        Set<Permission> granted = AgentRole.granted();
        assertThat(asked).as("what roro asked the API server in this test, which the agents' Role ("
                + AgentRole.FILE + ") must grant").allSatisfy(p -> assertThat(granted).contains(p));
    }

    /** The permissions RBAC checks for a request (none for discovery and other paths outside a namespace). */
    static List<Permission> permissions(String method, String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return List.of();
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
        boolean named = m.group(3) != null;
        String query = m.group(5) == null ? "" : m.group(5);
        if (resource.equals("pods/portforward") || resource.equals("pods/exec")) {
            // a websocket upgrade is a GET, authorised as create since Kubernetes 1.30 (get before)
            return List.of(new Permission(group, resource, "get"), new Permission(group, resource, "create"));
        }
        if (method.equals("GET") && !named && query.contains("fieldSelector=metadata.name")
                && !query.contains("watch=true")) {
            // fabric8's wait for one object (getLog waits for its pod) lists it, then watches it when it is not
            // ready yet: on a cluster that is the usual case, here it depends on timing
            return List.of(new Permission(group, resource, "list"), new Permission(group, resource, "watch"));
        }
        String verb = switch (method) {
            case "GET" -> !named ? (query.contains("watch=true") ? "watch" : "list")
                    : query.contains("watch=true") ? "watch" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
        return List.of(new Permission(group, resource, verb));
    }

    private static Optional<KubernetesMockServer> server(Object test) throws IllegalAccessException {
        for (Class<?> c = test.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (KubernetesMockServer.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    return Optional.ofNullable((KubernetesMockServer) field.get(test));
                }
            }
        }
        return Optional.empty();
    }
}
