package io.jenkins.plugins.roro;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.slaves.WorkspaceList;
import io.roro.core.lineage.database.StoreSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment the {@code roro} command gets in a build: its defaults for --target, --namespace, --registry,
 * --builder ..., the target settings (variables the targets declare), and where lineage is. The MongoDB password,
 * looked up with the build's view of the credentials, goes into an owner-only file in the workspace's temporary
 * directory, named by {@code RORO_MONGO_PASSWORD_FILE} and deleted when the command ends: nothing that prints the
 * environment shows it, and nothing goes on a command line.
 */
final class StepEnvironment implements AutoCloseable {
    /** The variables set here from fields of roro's configuration: target settings may not set them again. */
    static final Set<String> OWNED = Set.of("RORO_TARGET", "RORO_BUILDER", "RORO_NAMESPACE", "RORO_REGISTRY",
            "RORO_REGISTRY_SECRET", "RORO_AGENT_IMAGE", "OPENLINEAGE_URL", "RORO_HOME", "RORO_MONGO_URI",
            "RORO_MONGO_DATABASE", "RORO_MONGO_USER", "RORO_MONGO_PASSWORD_FILE");

    private final Map<String, String> variables;
    private final Optional<FilePath> passwordFile;

    private StepEnvironment(Map<String, String> variables, Optional<FilePath> passwordFile) {
        this.variables = variables;
        this.passwordFile = passwordFile;
    }

    /**
     * For a step of {@code run} on node {@code nodeName} ("" is the built-in node) in {@code workspace}; refused,
     * naming the setting, where the step cannot reach lineage.
     */
    static StepEnvironment of(RoroConfiguration config, Run<?, ?> run, String nodeName, FilePath workspace)
            throws IOException, InterruptedException {
        StoreSetting store;
        try {
            store = config.store();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        Optional<String> problem = store.problemOn(nodeName);
        if (problem.isPresent()) {
            throw new AbortException(problem.get());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RORO_TARGET", config.getDefaultTarget());
        env.put("RORO_BUILDER", config.getBuilder());
        putIfSet(env, "RORO_NAMESPACE", config.getNamespace());
        putIfSet(env, "RORO_REGISTRY", config.getRegistry());
        putIfSet(env, "RORO_REGISTRY_SECRET", config.getRegistrySecret());
        putIfSet(env, "RORO_AGENT_IMAGE", config.getAgentImage());
        putIfSet(env, "OPENLINEAGE_URL", config.getOpenLineageUrl());
        try {
            env.putAll(ConfigurationForm.targetSettings(config.getTargetSettings()));
        } catch (IllegalArgumentException e) { // saved before a roro that no longer declares one of them
            throw new AbortException("roro's configuration, " + e.getMessage());
        }
        if (store.isEmbedded()) {
            env.put("RORO_HOME", RoroConfiguration.embeddedHome().toString());
            return new StepEnvironment(env, Optional.empty());
        }
        env.put("RORO_MONGO_URI", store.mongoUri().orElseThrow());
        env.put("RORO_MONGO_DATABASE", config.getDatabase());
        if (config.getMongoCredentialsId() == null) {
            return new StepEnvironment(env, Optional.empty());
        }
        StandardUsernamePasswordCredentials credentials = CredentialsProvider.findCredentialById(
                config.getMongoCredentialsId(), StandardUsernamePasswordCredentials.class, run, List.of());
        if (credentials == null) {
            throw new AbortException("roro's MongoDB credentials '" + config.getMongoCredentialsId() + "' are not"
                    + " visible to this build (mongoCredentialsId in roro's configuration)");
        }
        CredentialsProvider.track(run, credentials);
        env.put("RORO_MONGO_USER", credentials.getUsername());
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException("no temporary directory for the workspace " + workspace);
        }
        tmp.mkdirs();
        FilePath file = tmp.createTempFile("roro-mongo", ".secret");
        file.chmod(0600); // before the password is in it
        file.write(credentials.getPassword().getPlainText(), StandardCharsets.UTF_8.name());
        env.put("RORO_MONGO_PASSWORD_FILE", file.getRemote());
        return new StepEnvironment(env, Optional.of(file));
    }

    Map<String, String> variables() {
        return variables;
    }

    /** Deletes the password file. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (passwordFile.isPresent()) {
            passwordFile.get().delete();
        }
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
