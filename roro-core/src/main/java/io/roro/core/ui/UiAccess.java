package io.roro.core.ui;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who may look: whoever has the one-time token `roro ui` printed, as Jupyter does it. The token comes once in the
 * URL and is then kept in an HttpOnly, SameSite=Strict cookie (so it is not in later links or the history); the
 * API also takes it as a bearer token. Compared in constant time.
 */
final class UiAccess {
    static final String COOKIE = "roro_ui_token";
    private final String token;

    UiAccess(String token) {
        this.token = token;
    }

    static UiAccess withNewToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new UiAccess(HexFormat.of().formatHex(bytes));
    }

    String token() {
        return token;
    }

    /** The token the request brings, from its query, its cookie or its Authorization header. */
    static Optional<String> presented(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    return Optional.of(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
        }
        String cookies = exchange.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String cookie : cookies.split(";")) {
                String c = cookie.trim();
                if (c.startsWith(COOKIE + "=")) {
                    return Optional.of(c.substring(COOKIE.length() + 1));
                }
            }
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            return Optional.of(authorization.substring(7).trim());
        }
        return Optional.empty();
    }

    boolean allows(HttpExchange exchange) {
        return presented(exchange).map(given -> MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    /** Whether the token came in the URL: the answer sets the cookie and sends the browser to the clean URL. */
    static boolean inQuery(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query != null && (query.startsWith("token=") || query.contains("&token="));
    }

    String cookie() {
        return COOKIE + "=" + token + "; HttpOnly; SameSite=Strict; Path=/";
    }
}
