package io.roro.core.openlineage;

import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where OpenLineage events go, from the client's standard variables of the command's environment (the resident
 * roro's own are not the command's): {@code OPENLINEAGE_URL} (+ {@code OPENLINEAGE_ENDPOINT}, default
 * {@code api/v1/lineage}, and {@code OPENLINEAGE_API_KEY}), else {@code OPENLINEAGE_CONFIG}, the client's YAML
 * file (any transport it has: file, http, kafka ...); nothing is sent without either. Events are sent as records
 * are written, with a timeout of {@code OPENLINEAGE_TIMEOUT_MS} (default 5000): a receiver that is down delays a
 * command that long at most per event and never fails it.
 */
final class OpenLineageSettings {
    private OpenLineageSettings() {
    }

    static Optional<OpenLineageClient> client(Map<String, String> env) {
        String url = env.get("OPENLINEAGE_URL");
        if (url != null && !url.isBlank()) {
            HttpConfig http = new HttpConfig();
            http.setUrl(URI.create(url.strip()));
            http.setEndpoint(Optional.ofNullable(env.get("OPENLINEAGE_ENDPOINT")).filter(e -> !e.isBlank())
                    .orElse("api/v1/lineage"));
            http.setTimeoutInMillis(Integer.parseInt(env.getOrDefault("OPENLINEAGE_TIMEOUT_MS", "5000")));
            Optional.ofNullable(env.get("OPENLINEAGE_API_KEY")).filter(k -> !k.isBlank()).ifPresent(key -> {
                ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
                auth.setApiKey(key);
                http.setAuth(auth);
            });
            return Optional.of(new OpenLineageClient(new HttpTransport(http)));
        }
        String config = env.get("OPENLINEAGE_CONFIG");
        if (config != null && !config.isBlank()) {
            Path file = Path.of(config.strip());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("OPENLINEAGE_CONFIG names " + file + ", which is not a file");
            }
            return Optional.of(Clients.newClient(() -> List.of(file)));
        }
        return Optional.empty();
    }
}
