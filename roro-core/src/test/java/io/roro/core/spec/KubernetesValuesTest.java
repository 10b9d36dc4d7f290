package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values Kubernetes (or a browser) would refuse are refused by validation, naming the field: an Ingress host that
 * is an IP address, a path with '.', '..' or empty segments, more memory than can be named, a misspelt affinity key,
 * CORS origins that are not origins.
 */
class KubernetesValuesTest {
    private static List<String> problems(String service, String profiles) {
        try {
            ProjectSpecReader.parse("project: p\nservices:\n  - name: default\n    function: predict.predict\n"
                    + service + (profiles.isEmpty() ? "" : "profiles:\n" + profiles), "roro.yml");
            return List.of();
        } catch (SpecException e) {
            return e.problems().stream().map(SpecProblem::format).toList();
        }
    }

    @Test
    void anIngressHostIsADnsNameAndItsPathHasNoDotSegments() {
        assertThat(problems("    ingress: {host: 10.0.0.1}\n", "")).singleElement().asString()
                .contains("services[0].ingress.host").contains("is an IP address");
        for (String path : List.of("/a/../admin", "//x", "/a/./b", "/a/..")) {
            assertThat(problems("    ingress: {host: credit.example.com, path: '" + path + "'}\n", ""))
                    .as(path).singleElement().asString().contains("services[0].ingress.path")
                    .contains("'.' or '..' segment");
        }
        assertThat(problems("    ingress: {host: credit.example.com, path: /credit/v1}\n", "")).isEmpty();
    }

    @Test
    void moreMemoryThanCanBeNamedIsRefused() {
        assertThat(problems("    profile: big\n", "  big: {limits: {memory: 999999Ei}}\n")).singleElement()
                .asString().contains("profiles.big").contains("at most 8Ei");
    }

    @Test
    void aMisspeltAffinityKeyIsNamedWithWhatWasMeant() {
        List<String> found = problems("    profile: placed\n", "  placed:\n    affinity:\n      nodeAfinity:\n"
                + "        requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}\n");
        assertThat(found).singleElement().asString().contains("affinity: unknown key 'nodeAfinity'")
                .contains("did you mean 'nodeAffinity'?");
        List<String> deep = problems("    profile: placed\n", "  placed:\n    affinity:\n      podAntiAffinity:\n"
                + "        preferredDuringSchedulingIgnoredDuringExecution:\n"
                + "          - {weight: 1, podAffinityTerm: {topologykey: zone}}\n");
        assertThat(deep).singleElement().asString().contains("affinity.podAntiAffinity"
                + ".preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm: unknown key 'topologykey'")
                .contains("did you mean 'topologyKey'?");
        assertThat(problems("    profile: placed\n", "  placed:\n    affinity:\n      nodeAffinity:\n"
                + "        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n"
                + "            - matchExpressions: [{key: gpu, operator: In, values: [t4]}]\n")).isEmpty();
    }

    @Test
    void corsOriginsAreOriginsAndAWildcardStandsAlone() {
        assertThat(problems("    cors_allow_origins: [\"https://a.example.com\", \"http://localhost:3000\"]\n", ""))
                .isEmpty();
        for (String bad : List.of("\"a.example.com\"", "\"https://a.example.com/path\"", "\"https://a b.com\"",
                "\"https://a.example.com\\r\\nSet-Cookie: x=1\"")) {
            assertThat(problems("    cors_allow_origins: [" + bad + "]\n", "")).as(bad).singleElement().asString()
                    .contains("cors_allow_origins").contains("is not an origin").doesNotContain("\r\n");
        }
        assertThat(problems("    cors_allow_origins: [\"*\", \"https://a.example.com\"]\n", "")).singleElement()
                .asString().contains("cannot be listed with others");
    }
}
