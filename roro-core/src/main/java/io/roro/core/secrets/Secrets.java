package io.roro.core.secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Keeps secrets out of logs and lineage: passwords in URIs, tokens in arguments. */
public final class Secrets {
    public static final String MASK = "****";
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|passwd|secret|token|api[_-]?key|credential|auth).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private Secrets() {
    }

    /** {@code https://user:token@host/x} -> {@code https://host/x}; anything unparsable loses its user info too. */
    public static String stripUserInfo(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getUserInfo() == null) {
                return uri;
            }
            return new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), parsed.getPath(),
                    parsed.getQuery(), parsed.getFragment()).toString();
        } catch (URISyntaxException e) {
            return USERINFO.matcher(uri).replaceAll("");
        }
    }

    /**
     * {@code mongodb://u:pw@h/db} -> {@code mongodb://u:****@h/db}, for messages that should still name the user.
     * The password is everything up to the last {@code @} of the URI, whatever it holds ({@code p@ss/w:rd}).
     */
    public static String maskPassword(String uri) {
        return uri.replaceAll("(?<=://)([^:/@\\s]+):\\S*@", "$1:" + MASK + "@");
    }

    /** Masks values of arguments whose name looks secret ({@code --token x}, {@code --password=x}, {@code TOKEN=x}). */
    public static List<String> maskArguments(List<String> args) {
        List<String> out = new ArrayList<>();
        boolean maskNext = false;
        for (String arg : args) {
            if (maskNext) {
                out.add(MASK);
                maskNext = false;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (SECRET_NAME.matcher(name).matches()) {
                if (eq > 0) {
                    out.add(name + "=" + MASK);
                } else {
                    out.add(arg);
                    maskNext = arg.startsWith("-");
                }
            } else {
                out.add(maskPassword(arg));
            }
        }
        return out;
    }

    /** Whether an environment or parameter name looks like it holds a secret. */
    public static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }
}
