package io.roro.core.lineage.store;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.GitInfo;
import io.roro.core.lineage.record.ProjectSchedule;
import io.roro.core.schedule.CronSyntaxException;
import io.roro.core.schedule.JenkinsCron;
import io.roro.core.schedule.TaskSchedule;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** The project aggregate as documents: its builds (with their git state) and its scheduled tasks. */
public final class ProjectDocuments {
    private ProjectDocuments() {
    }

    public static Document of(BuildVersion b) {
        Document d = Docs.base(b.id(), b.builtAt(), b.origin()).append("project", b.project()).append("tag", b.tag())
                .append("image", b.image()).append("image_id", b.imageId()).append("built_from", b.builtFrom())
                .append("built_at", Date.from(b.builtAt()));
        b.git().ifPresent(g -> d.append("git", of(g)));
        return d;
    }

    public static BuildVersion buildVersion(Document d) {
        return new BuildVersion(d.getString("project"), d.getString("tag"), d.getString("image"),
                d.getString("image_id"), git(d.get("git", Document.class)), d.getString("built_from"),
                Docs.instant(d, "built_at"), Docs.origin(d));
    }

    static Document of(GitInfo g) {
        Document d = new Document("commit", g.commit()).append("dirty", g.dirty());
        g.branch().ifPresent(b -> d.append("branch", b));
        g.remote().ifPresent(r -> d.append("remote", r));
        return d;
    }

    static Optional<GitInfo> git(Document d) {
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new GitInfo(d.getString("commit"), Optional.ofNullable(d.getString("branch")),
                Optional.ofNullable(d.getString("remote")), d.getBoolean("dirty", false)));
    }

    static Document of(ProjectSchedule s) {
        TaskSchedule schedule = s.schedule();
        Document d = new Document("task", s.task()).append("cron", schedule.cron())
                .append("written", schedule.written());
        Docs.put(d, "timezone", schedule.zoneName().or(() -> schedule.timezone().map(ZoneId::getId)));
        Docs.put(d, "serve", s.serve());
        return d;
    }

    static ProjectSchedule schedule(Document d) {
        Optional<String> zone = Docs.string(d, "timezone");
        return new ProjectSchedule(d.getString("task"), new TaskSchedule(d.getString("cron"),
                zone.map(ProjectDocuments::zone), d.getString("written"), zone), Docs.string(d, "serve"));
    }

    /** As the schedule was checked when recorded: a Jenkins name (EST too), else an id java.time reads. */
    private static ZoneId zone(String name) {
        try {
            return JenkinsCron.zone(name);
        } catch (CronSyntaxException e) {
            return ZoneId.of(name); // an offset recorded by an older roro (-05:00)
        }
    }
}
