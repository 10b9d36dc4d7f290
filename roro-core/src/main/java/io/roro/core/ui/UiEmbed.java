package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.LineageRef;
import io.roro.core.secrets.Secrets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The UI's pages as fragments for another site's pages (the Jenkins plugin's Models and Lineage pages): the same
 * routes, scopes and templates as `roro ui`, without the document around them or its script, every link and form
 * of the UI under {@code base} (where the embedding site serves the UI's paths). What is tested in a browser
 * against `roro ui` is what Jenkins users see.
 */
public final class UiEmbed {
    private final UiRoutes routes;
    private final Templates templates = new Templates();
    private final UiScope scope;

    public UiEmbed(Lineage lineage) {
        this.routes = new UiRoutes(lineage, LiveLog.NONE);
        this.scope = new UiScope(lineage);
    }

    /**
     * The page at {@code path} ("/models/credit-model", "/lineage") with {@code query}, as HTML to put inside a
     * page of the embedding site; what cannot be shown is a fragment saying why.
     *
     * @param versions the repeated {@code v} parameters of a comparison
     * @param base     the embedding site's path for the UI's root, without a trailing slash ("/job/p/roro-models")
     */
    public String render(String path, Map<String, String> query, List<String> versions, String base) {
        UiPages.Page page;
        try {
            page = routes.page(path.isEmpty() ? "/" : path, query, versions);
        } catch (UiNotFound e) {
            page = new UiPages.Page("error", UiPages.scope("not found", "message", e.getMessage()));
        } catch (UiBadRequest e) {
            page = new UiPages.Page("error", UiPages.scope("cannot show that", "message", e.getMessage()));
        } catch (RuntimeException e) {
            page = new UiPages.Page("error", UiPages.scope("error", "message",
                    Secrets.maskPassword(String.valueOf(e.getMessage()))));
        }
        Map<String, Object> scope = new HashMap<>(page.scope());
        scope.put("embedded", Boolean.TRUE);
        return under(templates.render(page.template(), scope), base);
    }

    /**
     * The UI's page of a lineage reference as the CLI writes it ({@code deployment/P:S}, {@code build/B},
     * {@code dataset/D}, a model version {@code M:V}): its path and query, for a link under the embedding path.
     */
    public static String pageOf(String reference) {
        LineageRef ref = LineageRef.parse(reference);
        return switch (ref.kind()) {
            case DEPLOYMENT -> "/projects/" + UiLinks.path(ref.owner()) + "/services/" + UiLinks.path(ref.name());
            case BUILD, DATASET -> "/lineage?of=" + UiLinks.query(ref.format()) + "&downstream=1";
            case MODEL_VERSION -> "/versions/" + UiLinks.path(ref.id());
        };
    }

    /**
     * The page at {@code path}, as {@link #render(String, Map, List, String)}, when every project it is about is
     * one the viewer may see ({@code readable}); a page across projects (the home page, all models) or about another
     * project is a fragment saying it is not shown here. What a Jenkins page embeds: a reader of one project's
     * folder or build sees that project's lineage, not every project's.
     */
    public String render(String path, Map<String, String> query, List<String> versions, String base,
            Predicate<String> readable) {
        Set<String> projects;
        try {
            projects = scope.projectsOf(path.isEmpty() ? "/" : path, query, versions);
        } catch (RuntimeException e) {
            projects = Set.of(); // a page that cannot say whose it is is nobody's to show here
        }
        if (projects.isEmpty() || !projects.stream().allMatch(readable)) {
            Map<String, Object> scope = new HashMap<>(UiPages.scope("not shown here", "message", "this page is"
                    + " about another project, or about several: open it from that project's Models page"));
            scope.put("embedded", Boolean.TRUE);
            return under(templates.render("error", scope), base);
        }
        return render(path, query, versions, base);
    }

    /** The project a lineage reference belongs to: a version's or dataset's is its model's; empty when unknown. */
    public Optional<String> projectOf(String reference) {
        try {
            return scope.projectOf(LineageRef.parse(reference));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The UI's own links and forms moved under {@code base}. Safe as text: the templates escape every value (a
     * quote in a value is {@code &quot;}), so {@code href="/} is only ever written by a template or the SVG code.
     */
    static String under(String html, String base) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return html.replace("href=\"/", "href=\"" + root + "/").replace("action=\"/", "action=\"" + root + "/");
    }
}
