package io.roro.core.contract;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One build of a project's image: the tag, the image and its ID/digest, and the git state it was built from.
 *
 * @param builtFrom {@code local} (a work tree), {@code git} (a clean checkout) or {@code pre-built}
 */
public record BuildVersion(String project, String tag, String image, String imageId, Optional<GitInfo> git,
        String builtFrom, Instant builtAt, Origin origin) {

    public BuildVersion {
        builtAt = builtAt.truncatedTo(ChronoUnit.MILLIS); // as MongoDB keeps it
    }

    public String id() {
        return LineageIds.buildVersion(project, tag);
    }
}
