package io.roro.core.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The package indexes of {@code build:} ({@code index_url}, {@code extra_index_url}): http(s) URLs without
 * credentials. roro.yml is committed with the code, and the index ends up in the image's build step: a password
 * belongs in neither (a project that needs one brings its own Dockerfile with a build secret).
 */
public final class PackageIndexes {
    private PackageIndexes() {
    }

    static Optional<String> check(Fields f, String key, String url) {
        Optional<String> problem = problem(url);
        problem.ifPresent(p -> f.problem(key, p));
        return problem.isPresent() ? Optional.empty() : Optional.of(url);
    }

    /** What is wrong with {@code url} as a package index a build may name, if anything. */
    public static Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("'" + url + "' is not a URL (e.g. https://pypi.example.com/simple)");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            return Optional.of("'" + url + "' is not an http(s) URL of a package index (e.g. https://pypi.example.com/simple)");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("the index URL carries credentials: roro.yml is committed and the URL is kept in the"
                    + " image's build step; use an index that needs none, or a Dockerfile of the project's own with a"
                    + " build secret");
        }
        if (!url.matches("[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=%-]+")) {
            return Optional.of("'" + url + "' has characters a URL does not (quotes, spaces)");
        }
        return Optional.empty();
    }
}
