package io.roro.core;

import java.io.IOException;
import java.io.InputStream;
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
}
