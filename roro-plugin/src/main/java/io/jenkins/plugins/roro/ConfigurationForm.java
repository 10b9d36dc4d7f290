package io.jenkins.plugins.roro;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.secrets.Secrets;
import io.roro.core.lineage.database.StoreSetting;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.TargetSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;

/** The choices and checks of roro's section of Manage Jenkins › System (RoroConfiguration's form). */
final class ConfigurationForm {
    private ConfigurationForm() {
    }

    static ListBoxModel builderItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("Docker engine of the agent, then push", "docker");
        items.add("Kaniko Job in the cluster", "kaniko");
        items.add("BuildKit (rootless) Job in the cluster", "buildkit");
        return items;
    }

    static ListBoxModel credentialItems(String mongoCredentialsId, CredentialsMatcher stepsSee) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(mongoCredentialsId);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class, List.of(),
                        stepsSee)
                .includeCurrentValue(mongoCredentialsId);
    }

    static FormValidation checkMongoUri(String value) {
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
            return FormValidation.warning("The embedded store under " + RoroConfiguration.embeddedHome() + ": only steps on the"
                    + " built-in node can use it; steps on agents fail until a MongoDB URI is set");
        }
        String uri = store.mongoUri().orElseThrow();
        if (uri.matches("mongodb(\\+srv)?://[^/@]+:[^/@]+@.*")) {
            return FormValidation.warning("Put the password in a credential (below), not in the URI");
        }
        return FormValidation.ok();
    }

    /** Every target roro has, as its provider describes it (on an agent, "this machine" is the agent). */
    static ListBoxModel targetItems() {
        ListBoxModel items = new ListBoxModel();
        PlatformProvider.all().forEach(p -> items.add(p.name() + " (" + p.description() + ")", p.name()));
        return items;
    }

    /** Opens the store {@code config} names and counts its model versions, or says why it cannot. */
    static FormValidation testConnection(LineageConfig config) {
        try (LineageDatabase db = LineageDatabase.open(config)) {
            long versions = db.mongo().getCollection("model_versions").countDocuments();
            return FormValidation.ok("Connected to " + config.describe() + ": " + versions + " model versions");
        } catch (RuntimeException e) {
            return FormValidation.error("Cannot connect to " + config.describe() + ": "
                    + Secrets.maskPassword(String.valueOf(e.getMessage())));
        }
    }

    /** An OpenLineage receiver's URL is http:// or https:// (none is fine). */
    static void refuseUnlessHttp(String url) {
        if (url != null && !url.matches("https?://\\S+")) {
            throw new IllegalArgumentException("the OpenLineage URL is http:// or https://, not " + url);
        }
    }

    /**
     * Where lineage is, as the controller reaches it: {@code credentialsId} is looked up among the credentials steps
     * may use ({@code stepsSee}), so "Test connection" succeeds only with what steps will get.
     */
    static LineageConfig lineageConfig(StoreSetting store, String credentialsId, String database,
            CredentialsMatcher stepsSee) {
        if (store.isEmbedded()) {
            return LineageConfig.embedded(RoroConfiguration.embeddedHome().resolve("lineage.mv"));
        }
        Optional<StandardUsernamePasswordCredentials> credentials = Optional.ofNullable(credentialsId)
                .map(id -> CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(
                        StandardUsernamePasswordCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                        CredentialsMatchers.allOf(CredentialsMatchers.withId(id), stepsSee)));
        return new LineageConfig(store.mongoUri(), database,
                credentials.map(StandardUsernamePasswordCredentials::getUsername),
                credentials.map(c -> c.getPassword().getPlainText()),
                RoroConfiguration.embeddedHome().resolve("lineage.mv"));
    }

    /** The target settings {@code text} gives; refused, naming the line, unless each is a target's own variable. */
    static Map<String, String> targetSettings(String text) {
        return TargetSettings.parse(text, PlatformProvider.all(), StepEnvironment.OWNED);
    }

    static FormValidation checkTargetSettings(String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        try {
            targetSettings(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Each variable a target declares that has no field of its own, with what it sets. */
    static List<String> targetSettingsHelp() {
        return TargetSettings.help(PlatformProvider.all(), StepEnvironment.OWNED);
    }
}
