package io.roro.core.ui;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Who may look: whoever opened the one-time URL `roro ui` printed, as Jupyter does it, and scripts with the API
 * token it printed. The URL's token works once: it is exchanged for a session secret in an HttpOnly,
 * SameSite=Strict cookie, so the URL left in a browser's history, a proxy's log or a screenshot opens nothing.
 * The session secret is also the API's bearer token. Compared in constant time.
 */
final class UiAccess {
    static final String COOKIE = "roro_ui_token";
    private final String login;
    private final String session;
    private final AtomicBoolean loginUsed = new AtomicBoolean();

    UiAccess(String login, String session) {
        this.login = login;
        this.session = session;
    }

    static UiAccess withNewTokens() {
        return new UiAccess(random(), random());
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The one-time token of the printed URL. */
    String loginToken() {
        return login;
    }

    /** The session secret: the cookie's value, and the API's bearer token. */
    String apiToken() {
        return session;
    }

    /** What a request may do with the token it brings. */
    enum Verdict { ALLOWED, LOGIN, LOGIN_USED, DENIED }

    Verdict check(HttpExchange exchange) {
        Optional<String> query = queryToken(exchange);
        if (query.isPresent()) {
            if (!same(query.get(), login)) {
                return Verdict.DENIED;
            }
            return loginUsed.compareAndSet(false, true) ? Verdict.LOGIN : Verdict.LOGIN_USED;
        }
        return sessionToken(exchange).filter(given -> same(given, session)).isPresent() ? Verdict.ALLOWED
                : Verdict.DENIED;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> queryToken(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    return Optional.of(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    /** The session token the request brings, from its cookie or its Authorization header. */
    private static Optional<String> sessionToken(HttpExchange exchange) {
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

    /** The request's query without its token, as {@code ?a=1&b=2}, or "" when nothing else is in it. */
    static String queryWithoutToken(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return "";
        }
        String rest = Arrays.stream(query.split("&")).filter(p -> !p.isEmpty() && !p.startsWith("token="))
                .collect(Collectors.joining("&"));
        return rest.isEmpty() ? "" : "?" + rest;
    }

    String cookie() {
        return COOKIE + "=" + session + "; HttpOnly; SameSite=Strict; Path=/";
    }
}
