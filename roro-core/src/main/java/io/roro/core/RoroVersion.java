package io.roro.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/** The version of roro, as the build stamped it. */
public final class RoroVersion {
    private RoroVersion() {
    }

    public static String get() {
        try (InputStream in = RoroVersion.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Why a {@code roro} command of version {@code other} cannot serve a caller of this version (the Jenkins plugin
     * reads the command's JSON into the same records), if it cannot: the two must have the same major and minor
     * version.
     */
    public static Optional<String> mismatch(String mine, String other, String otherWhere) {
        if (featureLine(mine).equals(featureLine(other))) {
            return Optional.empty();
        }
        return Optional.of("the roro plugin is " + mine + " but " + otherWhere + " is roro " + other
                + ": install roro " + featureLine(mine) + ".x there (agent-images/agent), or the plugin of its version");
    }

    private static String featureLine(String version) {
        String[] parts = version.split("[.-]");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }
}
