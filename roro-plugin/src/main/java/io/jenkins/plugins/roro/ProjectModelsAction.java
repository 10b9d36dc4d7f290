package io.jenkins.plugins.roro;

import com.cloudbees.hudson.plugins.folder.Folder;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.secrets.Secrets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jenkins.model.TransientActionFactory;
import org.bson.Document;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * "Models" on the folder roroDeploy makes for a project: what is live (service, version, endpoint) and the newest
 * model versions with their training, dataset and metrics, read from lineage by the controller.
 */
public class ProjectModelsAction implements Action {
    private static final int VERSIONS = 50;
    private final Folder folder;

    ProjectModelsAction(Folder folder) {
        this.folder = folder;
    }

    public Folder getFolder() {
        return folder;
    }

    public String getProject() {
        return folder.getName();
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Models";
    }

    @Override
    public String getUrlName() {
        return "roro-models";
    }

    /** The UI's pages under this one: {@code roro-models/models/M}, {@code roro-models/versions/M:V}, ... */
    public Object getDynamic(String token, StaplerRequest2 req,
            StaplerResponse2 rsp) {
        return new RoroUiPage(folder, folder.getUrl() + getUrlName(), "/" + token, Set.of(getProject()));
    }

    /**
     * The project's page of roro's UI (services with canaries and shares, scheduled tasks with their next runs,
     * trainings), as `roro ui` shows it.
     */
    public String getProjectHtml() {
        folder.checkPermission(Item.READ);
        return RoroUiPage.render(folder.getUrl() + getUrlName(), "/projects/" + getProject(), Set.of(getProject()));
    }

    /** The models of the project, with their versions, metric columns and chart, as `roro ui` shows them. */
    public List<String> getModels() {
        try {
            return ControllerLineage.get().models().models().stream()
                    .filter(m -> m.project().equals(Optional.of(getProject()))).map(m -> m.name()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Read once per page view; a store that cannot be opened is shown as a message, not an error page. */
    public View getView() {
        folder.checkPermission(Item.READ); // the page shows no more than the folder's readers see
        try {
            Lineage lineage = ControllerLineage.get();
            List<DeploymentRow> live = new ArrayList<>();
            for (Deployment d : lineage.deployments().deployments(Optional.of(getProject()))) {
                live.add(new DeploymentRow(d.service(), d.state().name(), d.modelVersion().orElse("-"),
                        d.endpoint().orElse("-"), d.target(), d.updatedAt().toString()));
            }
            List<VersionRow> versions = new ArrayList<>();
            lineage.models().models().stream().filter(m -> m.project().equals(Optional.of(getProject())))
                    .forEach(m -> lineage.models().versions(Optional.of(m.name()), new Document(), false, Optional.empty(), VERSIONS)
                            .forEach(v -> versions.add(VersionRow.of(v))));
            return new View(null, live, versions);
        } catch (RuntimeException e) {
            return new View("Lineage is not available: " + Secrets.maskPassword(String.valueOf(e.getMessage())),
                    List.of(), List.of());
        }
    }

    /** What the page shows. */
    public static final class View {
        private final String error;
        private final List<DeploymentRow> deployments;
        private final List<VersionRow> versions;

        View(String error, List<DeploymentRow> deployments, List<VersionRow> versions) {
            this.error = error;
            this.deployments = deployments;
            this.versions = versions;
        }

        public String getError() {
            return error;
        }

        public List<DeploymentRow> getDeployments() {
            return deployments;
        }

        public List<VersionRow> getVersions() {
            return versions;
        }
    }

    /** One service of the project. */
    public static final class DeploymentRow {
        private final String service;
        private final String state;
        private final String version;
        private final String endpoint;
        private final String target;
        private final String updated;

        DeploymentRow(String service, String state, String version, String endpoint, String target, String updated) {
            this.service = service;
            this.state = state;
            this.version = version;
            this.endpoint = endpoint;
            this.target = target;
            this.updated = updated;
        }

        public String getService() {
            return service;
        }

        public String getState() {
            return state;
        }

        public String getVersion() {
            return version;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public String getTarget() {
            return target;
        }

        public String getUpdated() {
            return updated;
        }
    }

    /** One model version with where it came from. */
    public static final class VersionRow {
        private final String id;
        private final String created;
        private final String training;
        private final String dataset;
        private final String metrics;
        private final String origin;

        VersionRow(String id, String created, String training, String dataset, String metrics, String origin) {
            this.id = id;
            this.created = created;
            this.training = training;
            this.dataset = dataset;
            this.metrics = metrics;
            this.origin = origin;
        }

        static VersionRow of(ModelVersion v) {
            return new VersionRow(v.id(), v.createdAt().toString(), v.training().orElse("-"), v.dataset().orElse("-"),
                    v.metrics().toString(), v.origin().describe());
        }

        public String getId() {
            return id;
        }

        public String getCreated() {
            return created;
        }

        public String getTraining() {
            return training;
        }

        public String getDataset() {
            return dataset;
        }

        public String getMetrics() {
            return metrics;
        }

        public String getOrigin() {
            return origin;
        }
    }

    /**
     * Adds the page to the project folders roroDeploy made: inside roro's own top folder, described as the folder of
     * the project of its name. Another folder that only says so in its description gets nothing.
     */
    @Extension
    public static final class Factory extends TransientActionFactory<Folder> {
        @Override
        public Class<Folder> type() {
            return Folder.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Folder target) {
            String description = target.getDescription();
            if (!(RetrainJobs.FOLDER_MARKER + target.getName()).equals(description)
                    || !(target.getParent() instanceof Folder top) || !RetrainJobs.isRorosTopFolder(top)) {
                return List.of();
            }
            return List.of(new ProjectModelsAction(target));
        }
    }
}
