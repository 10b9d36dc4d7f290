package io.jenkins.plugins.roro;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.roro.core.lineage.LineageConfig;
import io.roro.core.lineage.LineageDatabase;
import io.roro.core.lineage.Secrets;
import io.roro.core.lineage.StoreSetting;
import io.roro.core.platform.PlatformProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Where roro keeps lineage and how steps reach it: {@code unclassified: roro:} in JCasC. The MongoDB password lives
 * in Jenkins credentials (username/password), never in this configuration. Without a URI, steps on the built-in
 * node share an embedded store under {@code $JENKINS_HOME/roro}.
 */
@Extension
@Symbol("roro")
public class RoroConfiguration extends GlobalConfiguration {
    /** What builds can look up: a SYSTEM-scoped credential is the controller's alone (steps would fail with it). */
    private static final CredentialsMatcher STEPS_SEE = CredentialsMatchers.withScope(CredentialsScope.GLOBAL);

    private String mongoUri;
    private String mongoCredentialsId;
    private String database = LineageConfig.DEFAULT_DATABASE;
    private String defaultTarget = "docker";
    private String roroCommand = "roro";
    private String agentLabel;
    private String namespace;
    private String registry;
    private String builder = "docker";
    private String registrySecret;
    private String agentImage;
    private String openLineageUrl;

    public RoroConfiguration() {
        load();
    }

    public static RoroConfiguration get() {
        return ExtensionList.lookupSingleton(RoroConfiguration.class);
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // reset optional fields first: an emptied field in the form must clear the value (JCasC plugins.md)
        mongoUri = null;
        mongoCredentialsId = null;
        agentLabel = null;
        namespace = null;
        registry = null;
        registrySecret = null;
        agentImage = null;
        openLineageUrl = null;
        if (Util.fixEmptyAndTrim(json.optString("mongoUri")) == null) {
            // an empty textbox is a URI never set (the embedded store), as on a fresh install whose getter is
            // null: only JCasC's setter refuses an empty value (an unresolved ${RORO_MONGO_URI})
            json.remove("mongoUri");
        }
        try {
            req.bindJSON(this, json);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "mongoUri");
        }
        save();
        ControllerLineage.reset(); // pages connect again, to what is configured now
        return true;
    }

    public String getMongoUri() {
        return mongoUri;
    }

    /** A MongoDB URI or {@code embedded}; anything else (an empty value too) is refused, naming the setting. */
    @DataBoundSetter
    public void setMongoUri(String mongoUri) {
        StoreSetting.parse(mongoUri); // throws IllegalArgumentException: JCasC and the form report its message
        this.mongoUri = mongoUri.strip();
        save();
    }

    /** Where lineage is; never configured means the controller's embedded store. */
    StoreSetting store() {
        return StoreSetting.parse(mongoUri == null ? StoreSetting.EMBEDDED : mongoUri);
    }

    public String getMongoCredentialsId() {
        return mongoCredentialsId;
    }

    @DataBoundSetter
    public void setMongoCredentialsId(String mongoCredentialsId) {
        this.mongoCredentialsId = Util.fixEmptyAndTrim(mongoCredentialsId);
        save();
    }

    public String getDatabase() {
        return database;
    }

    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = Optional.ofNullable(Util.fixEmptyAndTrim(database)).orElse(LineageConfig.DEFAULT_DATABASE);
        save();
    }

    public String getDefaultTarget() {
        return defaultTarget;
    }

    @DataBoundSetter
    public void setDefaultTarget(String defaultTarget) {
        this.defaultTarget = Optional.ofNullable(Util.fixEmptyAndTrim(defaultTarget)).orElse("docker");
        save();
    }

    public String getRoroCommand() {
        return roroCommand;
    }

    @DataBoundSetter
    public void setRoroCommand(String roroCommand) {
        this.roroCommand = Optional.ofNullable(Util.fixEmptyAndTrim(roroCommand)).orElse("roro");
        save();
    }

    public String getAgentLabel() {
        return agentLabel;
    }

    @DataBoundSetter
    public void setAgentLabel(String agentLabel) {
        this.agentLabel = Util.fixEmptyAndTrim(agentLabel);
        save();
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
        save();
    }

    /**
     * Where roro's steps send OpenLineage run events (Marquez, DataHub, OpenMetadata), e.g.
     * {@code http://marquez:5000}; none when empty. Passed to roro as OPENLINEAGE_URL.
     */
    public String getOpenLineageUrl() {
        return openLineageUrl;
    }

    @DataBoundSetter
    public void setOpenLineageUrl(String openLineageUrl) {
        String url = Util.fixEmptyAndTrim(openLineageUrl);
        if (url != null && !url.matches("https?://\\S+")) {
            throw new IllegalArgumentException("the OpenLineage URL is http:// or https://, not " + url);
        }
        this.openLineageUrl = url;
        save();
    }

    /** Where project images are pushed for the Kubernetes target, e.g. {@code registry.example.com/ml}. */
    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixEmptyAndTrim(registry);
        save();
    }

    /** docker (the agent's engine builds and pushes), kaniko or buildkit (a Job in the cluster builds the commit). */
    public String getBuilder() {
        return builder;
    }

    @DataBoundSetter
    public void setBuilder(String builder) {
        this.builder = List.of("kaniko", "buildkit").contains(Util.fixEmptyAndTrim(builder)) ? builder.strip() : "docker";
        save();
    }

    /**
     * The docker-registry Secret in the namespace that Kaniko pushes with. A Kubernetes Secret, not a Jenkins
     * credential: the push happens in the cluster, and the password never passes through Jenkins.
     */
    public String getRegistrySecret() {
        return registrySecret;
    }

    @DataBoundSetter
    public void setRegistrySecret(String registrySecret) {
        this.registrySecret = Util.fixEmptyAndTrim(registrySecret);
        save();
    }

    /** The image with the roro CLI that cluster pods use (agent-images/agent, pushed to the registry). */
    public String getAgentImage() {
        return agentImage;
    }

    @DataBoundSetter
    public void setAgentImage(String agentImage) {
        this.agentImage = Util.fixEmptyAndTrim(agentImage);
        save();
    }

    public ListBoxModel doFillBuilderItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("Docker engine of the agent, then push", "docker");
        items.add("Kaniko Job in the cluster", "kaniko");
        items.add("BuildKit (rootless) Job in the cluster", "buildkit");
        return items;
    }

    /** The embedded store of the controller: {@code $JENKINS_HOME/roro}. */
    static Path embeddedHome() {
        return Jenkins.get().getRootDir().toPath().resolve("roro");
    }

    /** Where lineage is, as the controller reaches it (for pages and "Test connection"). */
    LineageConfig lineageConfig() {
        StoreSetting store = store();
        if (store.isEmbedded()) {
            return LineageConfig.embedded(embeddedHome().resolve("lineage.mv"));
        }
        Optional<StandardUsernamePasswordCredentials> credentials = Optional.ofNullable(mongoCredentialsId)
                .map(id -> CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(
                        StandardUsernamePasswordCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                        CredentialsMatchers.allOf(CredentialsMatchers.withId(id), STEPS_SEE)));
        return new LineageConfig(store.mongoUri(), database,
                credentials.map(StandardUsernamePasswordCredentials::getUsername),
                credentials.map(c -> c.getPassword().getPlainText()), embeddedHome().resolve("lineage.mv"));
    }

    public ListBoxModel doFillMongoCredentialsIdItems(@QueryParameter String mongoCredentialsId) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(mongoCredentialsId);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class, List.of(),
                        STEPS_SEE)
                .includeCurrentValue(mongoCredentialsId);
    }

    public FormValidation doCheckMongoUri(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok(); // nothing about this controller for those who may not configure it
        }
        StoreSetting store;
        try {
            store = StoreSetting.parse(value);
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        if (store.isEmbedded()) {
            return FormValidation.warning("The embedded store under " + embeddedHome() + ": only steps on the"
                    + " built-in node can use it; steps on agents fail until a MongoDB URI is set");
        }
        String uri = store.mongoUri().orElseThrow();
        if (uri.matches("mongodb(\\+srv)?://[^/@]+:[^/@]+@.*")) {
            return FormValidation.warning("Put the password in a credential (below), not in the URI");
        }
        return FormValidation.ok();
    }

    /** Every target roro has, as its provider describes it (on an agent, "this machine" is the agent). */
    public ListBoxModel doFillDefaultTargetItems() {
        ListBoxModel items = new ListBoxModel();
        PlatformProvider.all().forEach(p -> items.add(p.name() + " (" + p.description() + ")", p.name()));
        return items;
    }

    @POST
    public FormValidation doTestConnection(@QueryParameter String mongoUri, @QueryParameter String mongoCredentialsId,
            @QueryParameter String database) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        RoroConfiguration candidate = new RoroConfiguration();
        try {
            StoreSetting.parse(mongoUri);
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        candidate.mongoUri = mongoUri.strip();
        candidate.mongoCredentialsId = Util.fixEmptyAndTrim(mongoCredentialsId);
        candidate.database = Optional.ofNullable(Util.fixEmptyAndTrim(database)).orElse(LineageConfig.DEFAULT_DATABASE);
        LineageConfig config = candidate.lineageConfig();
        try (LineageDatabase db = LineageDatabase.open(config)) {
            long versions = db.mongo().getCollection("model_versions").countDocuments();
            return FormValidation.ok("Connected to " + config.describe() + ": " + versions + " model versions");
        } catch (RuntimeException e) {
            return FormValidation.error("Cannot connect to " + config.describe() + ": "
                    + Secrets.maskPassword(String.valueOf(e.getMessage())));
        }
    }
}
