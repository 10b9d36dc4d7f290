package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.Secrets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The UI's pages as fragments for another site's pages (the Jenkins plugin's Models and Lineage pages): the same
 * routes, scopes and templates as `roro ui`, without the document around them or its script, every link and form
 * of the UI under {@code base} (where the embedding site serves the UI's paths). What is tested in a browser
 * against `roro ui` is what Jenkins users see.
 */
public final class UiEmbed {
    private final UiRoutes routes;
    private final Templates templates = new Templates();

    public UiEmbed(Lineage lineage) {
        this.routes = new UiRoutes(lineage, LiveLog.NONE);
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
        if (reference.startsWith("deployment/") && reference.contains(":")) {
            String id = reference.substring("deployment/".length());
            return "/projects/" + UiLinks.path(id.substring(0, id.indexOf(':'))) + "/services/"
                    + UiLinks.path(id.substring(id.indexOf(':') + 1));
        }
        if (reference.startsWith("build/") || reference.startsWith("dataset/")) {
            return "/lineage?of=" + UiLinks.query(reference) + "&downstream=1";
        }
        return "/versions/" + UiLinks.path(reference);
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
