package io.jenkins.plugins.roro;

import hudson.model.Item;
import hudson.model.Run;
import io.roro.core.ui.UiEmbed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * What roro did in a build (deploys, trainings, published versions, services switched): a summary on the build
 * page, and a "Lineage" page that draws what the build used and produced, read from lineage by the controller.
 * Entries keep lineage references (the CLI's {@code roro lineage WHAT} syntax), so the drawing is always current.
 */
public class RoroBuildAction implements RunAction2 {
    private final List<String> entries = new ArrayList<>();
    /** Lineage references of what the build produced; null in builds recorded before references existed. */
    private Set<String> references = new LinkedHashSet<>();
    private transient Run<?, ?> run;
    /** Held only while a build's action is looked up and added: in memory, no I/O. */
    private static final Object CREATION = new Object();

    /** Adds an entry (and what it refers to in lineage) to the build's action, creating it on first use. */
    static void record(Run<?, ?> run, String entry, String... lineageReferences) throws IOException {
        RoroBuildAction action;
        // parallel branches record at once: one finds-or-adds at a time, or a build gets two Lineage actions
        synchronized (CREATION) {
            action = run.getAction(RoroBuildAction.class);
            if (action == null) {
                action = new RoroBuildAction();
                run.addAction(action);
            }
        }
        synchronized (action) {
            action.entries.add(entry);
            if (action.references == null) {
                action.references = new LinkedHashSet<>();
            }
            Collections.addAll(action.references, lineageReferences);
        }
        run.save();
    }

    public synchronized List<String> getEntries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    public synchronized List<String> getReferences() {
        return references == null ? List.of() : List.copyOf(references);
    }

    /**
     * What the build produced, each with its page of roro's UI under the build's Lineage page (the summary's links):
     * maps of {@code label} and {@code href} (relative to the build).
     */
    public List<Map<String, String>> getPages() {
        return getReferences().stream().map(ref -> Map.of("label", ref, "href", getUrlName()
                + UiEmbed.pageOf(ref))).toList();
    }

    /** The UI's pages under the build's Lineage page, so the links in its graphs stay within the build. */
    public Object getDynamic(String token, StaplerRequest2 req,
            StaplerResponse2 rsp) {
        return new RoroUiPage(run.getParent(), run.getUrl() + getUrlName(), "/" + token, projects());
    }

    /**
     * The lineage page of roro's UI for each thing the build produced (every node a link), as `roro ui` shows it;
     * empty when it recorded nothing.
     */
    public String getLineageHtml() {
        run.getParent().checkPermission(Item.READ);
        StringBuilder html = new StringBuilder();
        for (String ref : getReferences()) {
            html.append(RoroUiPage.render(run.getUrl() + getUrlName(), "/lineage", Map.of("of", ref),
                    List.of(), projects()));
        }
        return html.toString();
    }

    /** The projects this build deployed, trained or published: its readers see their pages, no others. */
    private Set<String> projects() {
        try {
            UiEmbed embed = new UiEmbed(ControllerLineage.get());
            return getReferences().stream().map(embed::projectOf).flatMap(Optional::stream)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return Set.of(); // lineage unreachable: the page says so
        }
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Lineage";
    }

    @Override
    public String getUrlName() {
        return "roro-lineage";
    }
}
