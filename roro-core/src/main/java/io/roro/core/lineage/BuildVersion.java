package io.roro.core.lineage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

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

    public Document toDocument() {
        Document d = Docs.base(id(), builtAt, origin).append("project", project).append("tag", tag)
                .append("image", image).append("image_id", imageId).append("built_from", builtFrom)
                .append("built_at", Date.from(builtAt));
        git.ifPresent(g -> d.append("git", g.toDocument()));
        return d;
    }

    public static BuildVersion from(Document d) {
        return new BuildVersion(d.getString("project"), d.getString("tag"), d.getString("image"),
                d.getString("image_id"), GitInfo.from(d.get("git", Document.class)), d.getString("built_from"),
                Docs.instant(d, "built_at"), Docs.origin(d));
    }
}
