package io.jenkins.plugins.roro;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.database.StoreSetting;
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
    /** What a refused value of the request now setting them puts back (one configuration: a singleton). */
    private static final SettingsRollback ROLLBACK = new SettingsRollback();

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
    private String targetSettings;
    private String openLineageUrl;

    public RoroConfiguration() {
        load();
    }

    public static RoroConfiguration get() {
        return ExtensionList.lookupSingleton(RoroConfiguration.class);
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        changing(); // before the reset below: a refused form puts back what it found
        // reset optional fields first: an emptied field in the form must clear the value (JCasC plugins.md)
        mongoUri = null;
        mongoCredentialsId = null;
        agentLabel = null;
        namespace = null;
        registry = null;
        registrySecret = null;
        agentImage = null;
        targetSettings = null;
        openLineageUrl = null;
        if (Util.fixEmptyAndTrim(json.optString("mongoUri")) == null) {
            // an empty textbox is a URI never set (the embedded store), as on a fresh install whose getter is
            // null: only JCasC's setter refuses an empty value (an unresolved ${RORO_MONGO_URI})
            json.remove("mongoUri");
        }
        try {
            req.bindJSON(this, json);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), e instanceof SettingsRollback.Refused r ? r.field() : null);
        }
        save();
        ControllerLineage.reset(); // pages connect again, to what is configured now
        return true;
    }

    /** Sets one value: what a refused value of the same request takes back is known first, and it is saved. */
    private void update(Runnable set) {
        changing();
        set.run();
        save();
    }

    private void changing() {
        ROLLBACK.changing(getConfigFile(), this::save);
    }

    /** Runs {@code check}; what it refuses takes back every value the request set before it. */
    private void refuseUnless(String field, Runnable check) {
        ROLLBACK.refuseUnless(field, check, getConfigFile(), this::load);
    }

    public String getMongoUri() {
        return mongoUri;
    }

    /** A MongoDB URI or {@code embedded}; anything else (an empty value too) is refused, naming the setting. */
    @DataBoundSetter
    public void setMongoUri(String mongoUri) {
        changing();
        refuseUnless("mongoUri", () -> StoreSetting.parse(mongoUri)); // JCasC and the form report its message
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
        update(() -> this.mongoCredentialsId = Util.fixEmptyAndTrim(mongoCredentialsId));
    }

    public String getDatabase() {
        return database;
    }

    @DataBoundSetter
    public void setDatabase(String database) {
        changing();
        this.database = Optional.ofNullable(Util.fixEmptyAndTrim(database)).orElse(LineageConfig.DEFAULT_DATABASE);
        save();
    }

    public String getDefaultTarget() {
        return defaultTarget;
    }

    @DataBoundSetter
    public void setDefaultTarget(String defaultTarget) {
        update(() -> this.defaultTarget = Optional.ofNullable(Util.fixEmptyAndTrim(defaultTarget)).orElse("docker"));
    }

    public String getRoroCommand() {
        return roroCommand;
    }

    @DataBoundSetter
    public void setRoroCommand(String roroCommand) {
        update(() -> this.roroCommand = Optional.ofNullable(Util.fixEmptyAndTrim(roroCommand)).orElse("roro"));
    }

    public String getAgentLabel() {
        return agentLabel;
    }

    @DataBoundSetter
    public void setAgentLabel(String agentLabel) {
        update(() -> this.agentLabel = Util.fixEmptyAndTrim(agentLabel));
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        update(() -> this.namespace = Util.fixEmptyAndTrim(namespace));
    }

    /** Where steps send OpenLineage run events (e.g. {@code http://marquez:5000}), as OPENLINEAGE_URL. */
    public String getOpenLineageUrl() {
        return openLineageUrl;
    }

    @DataBoundSetter
    public void setOpenLineageUrl(String openLineageUrl) {
        changing();
        String url = Util.fixEmptyAndTrim(openLineageUrl);
        refuseUnless("openLineageUrl", () -> ConfigurationForm.refuseUnlessHttp(url));
        this.openLineageUrl = url;
        save();
    }

    /** Where project images are pushed for the Kubernetes target, e.g. {@code registry.example.com/ml}. */
    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        update(() -> this.registry = Util.fixEmptyAndTrim(registry));
    }

    /** docker (the agent's engine builds and pushes), kaniko or buildkit (a Job in the cluster builds the commit). */
    public String getBuilder() {
        return builder;
    }

    @DataBoundSetter
    public void setBuilder(String builder) {
        changing();
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
        update(() -> this.registrySecret = Util.fixEmptyAndTrim(registrySecret));
    }

    /** The image with the roro CLI that cluster pods use (agent-images/agent, pushed to the registry). */
    public String getAgentImage() {
        return agentImage;
    }

    @DataBoundSetter
    public void setAgentImage(String agentImage) {
        update(() -> this.agentImage = Util.fixEmptyAndTrim(agentImage));
    }

    /** The embedded store of the controller: {@code $JENKINS_HOME/roro}. */
    static Path embeddedHome() {
        return Jenkins.get().getRootDir().toPath().resolve("roro");
    }

    /** Where lineage is, as the controller reaches it (for pages and "Test connection"). */
    LineageConfig lineageConfig() {
        return ConfigurationForm.lineageConfig(store(), mongoCredentialsId, database, STEPS_SEE);
    }

    /** {@code VARIABLE=value} lines, each a variable a target declares (help-targetSettings.html). */
    public String getTargetSettings() {
        return targetSettings;
    }

    @DataBoundSetter
    public void setTargetSettings(String targetSettings) {
        changing();
        String text = Util.fixEmptyAndTrim(targetSettings);
        refuseUnless("targetSettings", () -> ConfigurationForm.targetSettings(text));
        this.targetSettings = text;
        save();
    }

    public ListBoxModel doFillBuilderItems() {
        return ConfigurationForm.builderItems();
    }

    public ListBoxModel doFillMongoCredentialsIdItems(@QueryParameter String mongoCredentialsId) {
        return ConfigurationForm.credentialItems(mongoCredentialsId, STEPS_SEE);
    }

    public FormValidation doCheckMongoUri(@QueryParameter String value) {
        return ConfigurationForm.checkMongoUri(value);
    }

    public FormValidation doCheckTargetSettings(@QueryParameter String value) {
        return ConfigurationForm.checkTargetSettings(value);
    }

    /** What each variable a target declares sets, for the form. */
    public List<String> getTargetSettingsHelp() {
        return ConfigurationForm.targetSettingsHelp();
    }

    public ListBoxModel doFillDefaultTargetItems() {
        return ConfigurationForm.targetItems();
    }

    @POST
    public FormValidation doTestConnection(@QueryParameter String mongoUri, @QueryParameter String mongoCredentialsId,
            @QueryParameter String database) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            StoreSetting.parse(mongoUri);
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        return ConfigurationForm.testConnection(ConfigurationForm.lineageConfig(StoreSetting.parse(mongoUri),
                Util.fixEmptyAndTrim(mongoCredentialsId), Optional.ofNullable(Util.fixEmptyAndTrim(database))
                        .orElse(LineageConfig.DEFAULT_DATABASE), STEPS_SEE));
    }
}
