package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which page a path of the UI is, with what it shows: one map of paths for `roro ui` and the Jenkins pages. */
final class UiRoutes {
    private static final Pattern PROJECT = Pattern.compile("/projects/([^/]+)");
    private static final Pattern SERVICE = Pattern.compile("/projects/([^/]+)/services/([^/]+)");
    private static final Pattern ONE = Pattern.compile("/(models|versions|trainings|datasets)/([^/]+)");

    private final UiPages pages;
    private final ModelPage modelPage;
    private final DatasetPages datasetPages;
    private final ProjectPage projectPage;

    UiRoutes(Lineage lineage, LiveLog liveLog) {
        this.pages = new UiPages(lineage, liveLog);
        this.modelPage = new ModelPage(lineage);
        this.datasetPages = new DatasetPages(lineage);
        this.projectPage = new ProjectPage(lineage);
    }

    UiPages.Page page(String path, Map<String, String> query, List<String> versions) {
        if (path.equals("/")) {
            return pages.home();
        }
        if (path.equals("/models")) {
            return pages.models();
        }
        if (path.equals("/datasets")) {
            return datasetPages.list(Optional.ofNullable(query.get("model")));
        }
        if (path.equals("/compare")) {
            return pages.compare(versions);
        }
        if (path.equals("/lineage")) {
            String of = Optional.ofNullable(query.get("of")).orElseThrow(() -> new UiBadRequest("lineage needs of="));
            return pages.lineage(of, "1".equals(query.get("downstream")) ? UiPages.Direction.DOWNSTREAM
                    : "1".equals(query.get("upstream")) ? UiPages.Direction.UPSTREAM : UiPages.Direction.BOTH);
        }
        Matcher service = SERVICE.matcher(path);
        if (service.matches()) {
            return pages.service(decode(service.group(1)), decode(service.group(2)),
                    Optional.ofNullable(query.get("at")));
        }
        Matcher project = PROJECT.matcher(path);
        if (project.matches()) {
            return projectPage.project(decode(project.group(1)), ProjectPage.trainingState(query.get("state")),
                    Optional.ofNullable(query.get("after")), UiPages.position(query.get("tbefore")),
                    ProjectPage.pageNumber(query.get("services")));
        }
        Matcher one = ONE.matcher(path);
        if (one.matches()) {
            String id = decode(one.group(2));
            return switch (one.group(1)) {
                case "models" -> modelPage.render(id, query);
                case "versions" -> pages.version(id);
                case "datasets" -> datasetPages.dataset(id);
                default -> pages.training(id);
            };
        }
        throw new UiNotFound("no page " + path);
    }

    static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
