package io.jenkins.plugins.roro;

import hudson.Util;
import hudson.model.Item;
import hudson.model.ModelObject;
import io.roro.core.secrets.Secrets;
import io.roro.core.ui.UiEmbed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A page of roro's UI inside Jenkins: core renders it (UiEmbed: the same routes, templates and escaping as
 * `roro ui`, tested in a browser there), this object places it in a Jenkins page. Stapler routes each path segment
 * under the action that owns it through {@link #getDynamic}, so {@code .../roro-models/versions/credit-model:v3}
 * is the UI's {@code /versions/credit-model:v3}, and every link in it stays under the action. Readers of the item
 * the action belongs to see the pages of the projects that item is about (a project folder: its project; a build:
 * the projects it deployed, trained or published), never another project's, nor the pages across projects.
 */
public final class RoroUiPage implements ModelObject {
    private final Item owner;
    private final String actionUrl;
    private final String path;
    private final Set<String> projects;

    /**
     * @param actionUrl the owning action's URL relative to Jenkins' root ("job/credit-risk/roro-models")
     * @param projects  the projects whose pages readers of {@code owner} may see
     */
    RoroUiPage(Item owner, String actionUrl, String path, Set<String> projects) {
        this.owner = owner;
        this.actionUrl = actionUrl;
        this.path = path;
        this.projects = Set.copyOf(projects);
    }

    public Object getDynamic(String token, StaplerRequest2 req, StaplerResponse2 rsp) {
        return new RoroUiPage(owner, actionUrl, path + "/" + token, projects);
    }

    @Override
    public String getDisplayName() {
        return "roro " + path;
    }

    public Item getOwner() {
        return owner;
    }

    /** The page as HTML (core escapes every value it shows); a store that cannot be read is a message. */
    public String getHtml() {
        owner.checkPermission(Item.READ);
        return render(actionUrl, path, projects);
    }

    /**
     * Core's rendering of {@code path} with the current request's parameters, its links under the action, when it
     * is about {@code projects} only.
     */
    static String render(String actionUrl, String path, Set<String> projects) {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        Map<String, String> query = new LinkedHashMap<>();
        List<String> versions = List.of();
        if (req != null) {
            for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
                if (!p.getKey().equals("v") && p.getValue().length > 0) {
                    query.put(p.getKey(), p.getValue()[0]);
                }
            }
            String[] v = req.getParameterValues("v");
            versions = v == null ? List.of() : List.of(v);
        }
        return render(actionUrl, path, query, versions, projects);
    }

    /** Core's rendering of {@code path} with {@code query}, its links under the action, about {@code projects}. */
    static String render(String actionUrl, String path, Map<String, String> query, List<String> versions,
            Set<String> projects) {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        String base = (req == null ? "" : req.getContextPath()) + "/" + actionUrl.replaceAll("/$", "");
        try {
            return new UiEmbed(ControllerLineage.get()).render(path, query, versions, base, projects::contains);
        } catch (RuntimeException e) {
            return "<p class=\"error\">Lineage is not available: "
                    + Util.escape(Secrets.maskPassword(String.valueOf(e.getMessage()))) + "</p>";
        }
    }
}
