package io.roro.core.platform.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of roro's Kubernetes objects: DNS labels of at most 63 characters, hashed when longer. */
public final class KubeNames {
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String PROJECT = "roro.io/project";
    public static final String SERVICE = "roro.io/service";
    public static final String TRAINING = "roro.io/training";
    public static final String BUILD = "roro.io/build";
    public static final String MODEL_VERSION = "roro.io/model-version";
    public static final String SPEC_HASH = "roro.io/spec-hash";

    private KubeNames() {
    }

    /** {@code prefix-part-part}, shortened with a hash suffix when it would pass 63 characters. */
    public static String name(String prefix, String... parts) {
        String full = prefix + "-" + String.join("-", parts);
        if (full.length() <= 63) {
            return full;
        }
        return full.substring(0, 54).replaceAll("-+$", "") + "-" + sha256(full).substring(0, 8);
    }

    /** A {@code generateName} prefix: the API server appends 5 characters, and the whole must stay a DNS label. */
    public static String generateName(String prefix, String... parts) {
        String full = prefix + "-" + String.join("-", parts);
        if (full.length() <= 57) {
            return full + "-";
        }
        return full.substring(0, 48).replaceAll("-+$", "") + "-" + sha256(full).substring(0, 8) + "-";
    }

    /** Label values allow 63 characters of [A-Za-z0-9._-]; ids such as credit-model:v3 become credit-model.v3. */
    public static String labelValue(String value) {
        String cleaned = value.replace(':', '.').replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() <= 63 ? cleaned : cleaned.substring(0, 54) + "-" + sha256(value).substring(0, 8);
    }

    public static Map<String, String> labels(String project, String key, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PART_OF, "roro");
        labels.put(PROJECT, labelValue(project));
        labels.put(key, labelValue(value));
        return labels;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
