package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The Role the administrator's install gives roro's agents (jenkins-casc/kubernetes/rbac.yaml), as permissions. */
final class AgentRole {
    static final Path FILE = Path.of("..", "jenkins-casc", "kubernetes", "rbac.yaml");

    /**
     * One thing the API server authorises: a verb on a resource (with its subresource) of an API group, as RBAC
     * names them ({@code ""} is the core group).
     */
    record Permission(String group, String resource, String verb) implements Comparable<Permission> {
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
        }

        @Override
        public int compareTo(Permission other) {
            return toString().compareTo(other.toString());
        }
    }

    private AgentRole() {
    }

    /** Every permission the Role grants (no wildcards: a wildcard fails the load). */
    static Set<Permission> granted() {
        Set<Permission> granted = new TreeSet<>();
        for (PolicyRule rule : role().getRules()) {
            if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
                throw new IllegalStateException("a rule with resourceNames is not a permission on every object: "
                        + rule);
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        if (group.equals("*") || resource.equals("*") || verb.equals("*")) {
                            throw new IllegalStateException("a wildcard in the agents' Role: " + rule);
                        }
                        granted.add(new Permission(group, resource, verb));
                    }
                }
            }
        }
        return granted;
    }

    private static Role role() {
        try (InputStream in = Files.newInputStream(FILE)) {
            Object parsed = Serialization.unmarshal(in);
            List<?> objects = parsed instanceof List<?> list ? list : List.of(parsed);
            Optional<Role> role = objects.stream().map(HasMetadata.class::cast).filter(Role.class::isInstance)
                    .map(Role.class::cast).findFirst();
            return role.orElseThrow(() -> new IllegalStateException("no Role in " + FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
