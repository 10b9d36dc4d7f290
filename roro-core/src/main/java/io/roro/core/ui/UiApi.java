package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.record.SeriesPage;
import io.roro.core.lineage.VersionComparison;
import io.roro.core.lineage.VersionRanking;
import io.roro.core.lineage.search.VersionSearch;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * The read-only JSON API under /api/v1/: the records the CLI's --json prints (io.roro.core.contract's mapper), so
 * a script, the UI's own pages and the CLI see one shape.
 */
final class UiApi {
    private static final Pattern SERVICE = Pattern.compile("/api/v1/projects/([^/]+)/services/([^/]+)(/timeline)?");
    private final Lineage lineage;
    private final LiveLog liveLog;

    UiApi(Lineage lineage, LiveLog liveLog) {
        this.lineage = lineage;
        this.liveLog = liveLog;
    }

    /** What {@code path} answers; throws UiNotFound for a path or record that does not exist. */
    Object answer(String path, Map<String, String> query, List<String> repeated) {
        if (path.equals("/api/v1/projects")) {
            return lineage.projects().projectNames();
        }
        Matcher service = SERVICE.matcher(path);
        if (service.matches()) {
            String project = service.group(1);
            String name = service.group(2);
            if (service.group(3) == null && query.containsKey("at")) {
                // the service as it stood at that time: its timeline's entry then (none before it existed)
                return lineage.deployments().at(project, name, instant(query.get("at")))
                        .orElseThrow(() -> new UiNotFound(project + ":" + name + " did not exist at "
                                + query.get("at")));
            }
            if (service.group(3) == null) {
                return lineage.deployments().deployment(project, name)
                        .orElseThrow(() -> new UiNotFound("no deployment " + project + ":" + name));
            }
            if (query.containsKey("at")) {
                return lineage.deployments().at(project, name, instant(query.get("at"))).orElse(null);
            }
            return lineage.deployments().timeline(project, name);
        }
        if (path.startsWith("/api/v1/projects/") && path.endsWith("/services")) {
            return lineage.deployments().deployments(Optional.of(segment(path, 3)));
        }
        if (path.startsWith("/api/v1/projects/") && path.endsWith("/trainings")) {
            return lineage.trainings().trainings(segment(path, 3), ProjectPage.trainingState(query.get("state")),
                    Optional.ofNullable(query.get("after")), limit(query));
        }
        if (path.equals("/api/v1/models")) {
            return lineage.models().models();
        }
        if (path.startsWith("/api/v1/models/") && path.endsWith("/versions")) {
            String model = segment(path, 3);
            try {
                Document filter = VersionSearch.filter(query.get("filter"), lineage.notes()::tagged);
                if (query.containsKey("sort")) { // best first by a metric, among the newest that match
                    return VersionRanking.best(lineage.models().versions(Optional.of(model), filter, false,
                            Optional.ofNullable(query.get("after")), VersionRanking.SCANNED), query.get("sort"),
                            "asc".equals(query.get("order")), limit(query));
                }
                // a search reads a bounded part of the registry per request (X-Roro-Resume-Before says where to go
                // on with before=), so that it answers in a page's time whatever it matches
                SeriesPage<ModelVersion> found = lineage.models().search(Optional.of(model), filter, false,
                        Optional.ofNullable(query.get("after")), UiPages.position(query.get("before")), limit(query),
                        filter.isEmpty() ? Long.MAX_VALUE : Math.max(ModelPage.SEARCHED, limit(query) * 10L));
                return found.resumeBelow().isPresent() ? new Resumable(found.items(), found.resumeBelow()
                        .getAsLong()) : found.items();
            } catch (LineageException e) { // the search's mistake with its column, or an unknown after=
                throw new UiBadRequest(e.getMessage(), e);
            }
        }
        if (path.startsWith("/api/v1/models/") && segmentCount(path) == 4) {
            String model = segment(path, 3);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("model", lineage.models().model(model).orElseThrow(() -> new UiNotFound("no model " + model)));
            answer.put("latest", lineage.models().latestVersion(model).map(ModelVersion::id).orElse(null));
            answer.put("aliases", lineage.aliases().of(model));
            return answer;
        }
        if (path.startsWith("/api/v1/versions/") && path.endsWith("/notes")) {
            String id = segment(path, 3);
            lineage.models().modelVersion(id).orElseThrow(() -> new UiNotFound("no model version " + id));
            return Map.of("aliases", lineage.aliases().naming(id), "notes", lineage.notes().of(id));
        }
        if (path.startsWith("/api/v1/versions/")) {
            String id = segment(path, 3);
            return lineage.models().modelVersion(id).orElseThrow(() -> new UiNotFound("no model version " + id));
        }
        if (path.equals("/api/v1/datasets")) {
            return lineage.datasets().datasets(Optional.ofNullable(query.get("model")),
                    Optional.ofNullable(query.get("after")), limit(query));
        }
        if (path.startsWith("/api/v1/datasets/")) {
            String id = segment(path, 3);
            return lineage.datasets().dataset(id).orElseThrow(() -> new UiNotFound("no dataset " + id));
        }
        if (path.startsWith("/api/v1/models/") && path.endsWith("/aliases")) {
            return lineage.aliases().of(segment(path, 3));
        }
        if (path.equals("/api/v1/compare")) {
            List<ModelVersion> versions = repeated.stream().map(id -> lineage.models().modelVersion(id)
                    .orElseThrow(() -> new UiNotFound("no model version " + id))).toList();
            if (versions.size() < 2) {
                throw new UiBadRequest("compare takes two or more v= versions");
            }
            return VersionComparison.of(versions);
        }
        if (path.equals("/api/v1/lineage")) {
            String of = Optional.ofNullable(query.get("of")).orElseThrow(() -> new UiBadRequest("lineage takes of="));
            try {
                // as the page: a version both ways unless upstream=1 or downstream=1 asks for one
                boolean version = LineageRef.kindOf(of) == LineageRef.Kind.MODEL_VERSION;
                if (version && "1".equals(query.get("downstream"))) {
                    return lineage.queries().downstreamOfVersion(of);
                }
                if (version && "1".equals(query.get("upstream"))) {
                    return lineage.queries().upstreamOfVersion(of);
                }
                return lineage.queries().around(of);
            } catch (IllegalArgumentException e) {
                throw new UiBadRequest(e.getMessage(), e);
            } catch (LineageException e) {
                throw new UiNotFound(e.getMessage(), e);
            }
        }
        if (path.startsWith("/api/v1/trainings/") && path.endsWith("/log")) {
            String id = segment(path, 3);
            return TrainingLogs.shown(lineage, lineage.trainings().training(id)
                    .orElseThrow(() -> new UiNotFound("no training " + id)), liveLog);
        }
        if (path.startsWith("/api/v1/trainings/")) {
            String id = segment(path, 3);
            return lineage.trainings().training(id).orElseThrow(() -> new UiNotFound("no training " + id));
        }
        throw new UiNotFound("no such API: " + path + " (see the README's roro ui section)");
    }

    private static int segmentCount(String path) {
        return path.split("/").length - 1;
    }

    private static String segment(String path, int index) {
        String[] parts = path.split("/");
        if (parts.length <= index + 1) {
            throw new UiNotFound("no such API: " + path);
        }
        return URLDecoder.decode(parts[index + 1], StandardCharsets.UTF_8);
    }

    private static int limit(Map<String, String> query) {
        try {
            int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            if (limit < 1 || limit > 1000) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new UiBadRequest("limit is a number from 1 to 1000", e);
        }
    }

    /** A time as the pages and the API take it, or a 400 saying what would be valid. */
    /** A list read within a bound that did not reach its end: the next request resumes with before=. */
    record Resumable(Object items, long resumeBelow) {
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UiBadRequest("'" + text + "' is not a time: give ISO-8601 with its offset, e.g."
                    + " 2026-11-22T10:00:00Z", e);
        }
    }
}
