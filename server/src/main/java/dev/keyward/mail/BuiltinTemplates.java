package dev.keyward.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keyward's own wording of every mail in English, German, French, Spanish and Portuguese, read
 * from {@code mail/builtin/<locale>/<kind>.{subject,text,html}} on the classpath and checked
 * like a tenant's template when the server starts.
 */
public final class BuiltinTemplates {
    public static final List<String> LOCALES = List.of("en", "de", "fr", "es", "pt");

    private final Map<String, MailTemplate> templates = new HashMap<>();

    public BuiltinTemplates() {
        for (String locale : LOCALES) {
            for (MailKind kind : MailKind.values()) {
                String base = "/mail/builtin/" + locale + "/" + kind.wire();
                MailTemplate t = new MailTemplate(read(base + ".subject").strip(), read(base + ".text"),
                        stripFinalNewline(read(base + ".html")));
                Map<String, String> problems = TemplateCheck.problems(kind, t);
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("built-in template " + base + " is invalid: " + problems);
                }
                templates.put(key(kind, locale), t);
            }
        }
    }

    public Optional<MailTemplate> find(MailKind kind, String locale) {
        return Optional.ofNullable(templates.get(key(kind, locale)));
    }

    private static String key(MailKind kind, String locale) {
        return kind.wire() + "/" + locale;
    }

    private static String stripFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String read(String resource) {
        try (InputStream in = BuiltinTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
