package dev.keyward.mail;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a template's three parts, each with its own escaping: HTML-escaped values in the HTML
 * part, values as they are in the text part, and in the subject values with CR and LF removed
 * (a value can never add a header line). Compiled templates are kept by a key that changes
 * whenever the source does.
 */
public final class TemplateRenderer {
    private static final int CACHE_LIMIT = 512;

    /** What a mail says: subject, text part and HTML part. */
    public record Rendered(String subject, String text, String html) { }

    private record Compiled(Mustache subject, Mustache text, Mustache html) { }

    private final DefaultMustacheFactory html = new Encoding() {
        @Override
        public void encode(String value, Writer writer) {
            write(writer, Html.escape(value));
        }
    };
    private final DefaultMustacheFactory plain = new Encoding() {
        @Override
        public void encode(String value, Writer writer) {
            write(writer, value);
        }
    };
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /**
     * Renders with these values; a missing value renders empty (and its sections are skipped).
     * {@code cacheKey} must change when the template does.
     */
    public Rendered render(String cacheKey, MailTemplate template, Map<String, String> values) {
        Compiled c = compiled.get(cacheKey);
        if (c == null) {
            if (compiled.size() >= CACHE_LIMIT) {
                compiled.clear();
            }
            c = new Compiled(compile(plain, template.subject()), compile(plain, template.text()),
                    compile(html, template.html()));
            compiled.put(cacheKey, c);
        }
        return run(c, values);
    }

    private static Rendered run(Compiled c, Map<String, String> values) {
        Map<String, Object> oneLine = new HashMap<>();
        values.forEach((k, v) -> oneLine.put(k, v == null ? null : v.replace("\r", "").replace("\n", "")));
        Map<String, Object> scope = new HashMap<>(values);
        return new Rendered(run(c.subject(), oneLine), run(c.text(), scope), run(c.html(), scope));
    }

    /** Renders a template that is not kept (a preview's draft). */
    public Rendered renderOnce(MailTemplate template, Map<String, String> values) {
        return run(new Compiled(compile(plain, template.subject()), compile(plain, template.text()),
                compile(html, template.html())), values);
    }

    private static Mustache compile(DefaultMustacheFactory factory, String source) {
        return factory.compile(new StringReader(source), "template");
    }

    private static String run(Mustache m, Map<String, Object> scope) {
        StringWriter out = new StringWriter();
        m.execute(out, scope);
        return out.toString();
    }

    private static void write(Writer writer, String s) {
        try {
            writer.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A factory whose subclass decides how values are written. */
    private abstract static class Encoding extends DefaultMustacheFactory {
        @Override
        public abstract void encode(String value, Writer writer);
    }
}
