package io.roro.core.contract;

import io.roro.core.RoroVersion;

/** {@code roro version --json}: this roro's version and the Java it runs on. */
public record VersionInfo(String version, String java) {
    public static VersionInfo current() {
        return new VersionInfo(RoroVersion.get(), System.getProperty("java.version"));
    }
}
