package io.roro.core.ui;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's pages from Mustache templates (resources io/roro/core/ui/templates): every {@code {{value}}} is HTML
 * escaped; only server-drawn SVG is inserted raw ({@code {{{svg}}}}), and it escapes its own text.
 */
final class Templates {
    private final MustacheFactory factory = new DefaultMustacheFactory("io/roro/core/ui/templates");
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

    String render(String name, Map<String, Object> scope) {
        Mustache template = compiled.computeIfAbsent(name, n -> factory.compile(n + ".mustache"));
        StringWriter out = new StringWriter();
        template.execute(out, scope);
        return out.toString();
    }
}
