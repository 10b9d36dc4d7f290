package io.roro.core.lineage.store;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.GitInfo;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.record.ProjectSchedule;
import io.roro.core.lineage.database.RecordSeries;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * Projects, their builds and their deploy numbers. A build is inserted once under its tag and never
 * overwritten, so a build version always names one image.
 */
public final class ProjectStore {
    private final LineageDocuments docs;
    private final RecordSeries series;

  public   ProjectStore(LineageDocuments docs, RecordSeries series) {
        this.docs = docs;
        this.series = series;
    }

    public void upsertProject(String name, Optional<GitInfo> git, Origin origin) {
        upsertProject(name, git, origin, Optional.empty());
    }

    /** @param schedules the project's scheduled tasks as roro.yml says now (empty: leave what is recorded) */
    public void upsertProject(String name, Optional<GitInfo> git, Origin origin,
            Optional<List<ProjectSchedule>> schedules) {
        Document set = new Document("name", name).append("schema", Docs.SCHEMA_VERSION)
                .append("updated_at", new Date());
        git.ifPresent(g -> set.append("git", ProjectDocuments.of(g)));
        schedules.ifPresent(list -> set.append("schedules", list.stream().map(ProjectDocuments::of).toList()));
        docs.collection(LineageDatabase.PROJECTS).updateOne(eq("_id", name), Updates.combine(new Document("$set", set),
                Updates.setOnInsert("created_at", new Date()), Updates.setOnInsert("origin", Docs.of(origin))),
                new UpdateOptions().upsert(true));
        docs.commit();
    }

    /** The project's scheduled tasks as last registered (one lookup by _id). */
    public List<ProjectSchedule> schedules(String project) {
        return docs.byId(LineageDatabase.PROJECTS, project).map(d -> Docs.documents(d, "schedules").stream()
                .map(ProjectDocuments::schedule).toList()).orElse(List.of());
    }

    /** Whether {@code project} was ever registered (one lookup by _id). */
    public boolean exists(String project) {
        return docs.byId(LineageDatabase.PROJECTS, project).isPresent();
    }

    /** The names of every registered project, in order (one small document each). */
    public List<String> projectNames() {
        return docs.collection(LineageDatabase.PROJECTS).find().projection(new Document("_id", 1))
                .sort(new Document("_id", 1)).map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    /** Records a build; a build with the same tag that already exists is returned instead (unchanged tree). */
    public BuildVersion recordBuild(BuildVersion build) {
        BuildVersion recorded = recordBuildIfNew(build);
        if (!recorded.imageId().equals(build.imageId())) {
            throw new LineageException("build " + build.id() + " already exists with image " + recorded.imageId()
                    + "; a tag names one image");
        }
        return recorded;
    }

    /**
     * Records a build unless one with its id exists, and returns what is recorded under the id (which may name
     * another image). The usual case, a new build, is a lookup, the series' counter and two inserts.
     */
    public BuildVersion recordBuildIfNew(BuildVersion build) {
        Optional<BuildVersion> existing = buildVersion(build.id()); // an unchanged tree: no number taken
        if (existing.isPresent()) {
            return existing.get();
        }
        if (docs.insertIfAbsent(LineageDatabase.BUILD_VERSIONS,
                series.place(ProjectDocuments.of(build), List.of(RecordSeries.builds(build.project()))))) {
            docs.commit();
            return build;
        }
        return buildVersion(build.id()).orElseThrow(() -> new LineageException("build " + build.id()
                + " was recorded and is gone again")); // builds are never deleted
    }

    public Optional<BuildVersion> buildVersion(String id) {
        return docs.byId(LineageDatabase.BUILD_VERSIONS, id).map(ProjectDocuments::buildVersion);
    }

    /** The newest build of a project (the last one recorded). */
    public Optional<BuildVersion> latestBuild(String project) {
        return series.newestFirst(RecordSeries.builds(project), LineageDatabase.BUILD_VERSIONS, new Document(),
                OptionalLong.empty(), 1).stream().findFirst().map(ProjectDocuments::buildVersion);
    }

    /** rorodata's "Deployed version N": the number of deploys of a project, allocated atomically. */
    public long nextDeployNumber(String project) {
        return docs.database().next("deploys:" + project);
    }
}
