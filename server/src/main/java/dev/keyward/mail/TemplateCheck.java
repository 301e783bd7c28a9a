package dev.keyward.mail;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a tenant's template may be saved, per field: it must compile, use only the
 * placeholders Keyward fills in (no partials, no inheritance: a template can place values, never
 * load anything), keep unescaped values out of HTML, stay within the size caps, and a reset or
 * verification mail must carry its code or link in both parts.
 */
public final class TemplateCheck {
    public static final Set<String> PLACEHOLDERS = Set.of("code", "link", "projectName", "email", "firstName",
            "ttlMinutes");

    private TemplateCheck() {
    }

    /** Field ({@code subject}, {@code text}, {@code html}) to reason; empty when the template is fine. */
    public static Map<String, String> problems(MailKind kind, MailTemplate t) {
        Map<String, String> out = new LinkedHashMap<>();
        if (t.subject().length() > MailTemplate.MAX_SUBJECT) {
            out.put("subject", "must be at most " + MailTemplate.MAX_SUBJECT + " characters");
        } else if (t.subject().indexOf('\r') >= 0 || t.subject().indexOf('\n') >= 0) {
            out.put("subject", "must be one line");
        } else {
            part(t.subject(), false, null).ifPresent(reason -> out.put("subject", reason));
        }
        String required = switch (kind) {
            case RESET_CODE -> "code";
            case VERIFY_EMAIL -> "link";
            default -> null;
        };
        for (String field : new String[] {"text", "html"}) {
            String source = field.equals("text") ? t.text() : t.html();
            if (source.getBytes(StandardCharsets.UTF_8).length > MailTemplate.MAX_BODY_BYTES) {
                out.put(field, "must be at most " + MailTemplate.MAX_BODY_BYTES + " bytes");
            } else {
                part(source, field.equals("html"), required).ifPresent(reason -> out.put(field, reason));
            }
        }
        return out;
    }

    private static Optional<String> part(String source, boolean html, String required) {
        Scan scan = new Scan();
        try {
            scan.compile(new StringReader(source), "template");
        } catch (MustacheException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().replaceAll("[\\r\\n\\t]", " ");
            return Optional.of("is not valid mustache: " + (m.length() > 160 ? m.substring(0, 160) : m));
        }
        if (scan.problem != null) {
            return Optional.of(scan.problem);
        }
        if (html && scan.unescaped) {
            return Optional.of("must not use unescaped values ({{{name}}} or {{&name}}) in HTML");
        }
        if (required != null && !scan.values.contains(required)) {
            return Optional.of("must contain {{" + required + "}}");
        }
        return Optional.empty();
    }

    /** Compiles one part and records what it uses instead of resolving partials or blocks. */
    private static final class Scan extends DefaultMustacheFactory {
        final Set<String> values = new HashSet<>();
        boolean unescaped;
        String problem;

        private void use(TemplateContext tc, String name) {
            if (!PLACEHOLDERS.contains(name)) {
                refuse("uses unknown placeholder {{" + name + "}} on line " + tc.line() + " (known: code, link, "
                        + "projectName, email, firstName, ttlMinutes)");
            }
        }

        private void refuse(String reason) {
            if (problem == null) {
                problem = reason;
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void iterable(TemplateContext tc, String variable, Mustache mustache) {
                    use(tc, variable);
                    super.iterable(tc, variable, mustache);
                }

                @Override
                public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
                    use(tc, variable);
                    super.notIterable(tc, variable, mustache);
                }

                @Override
                public void value(TemplateContext tc, String variable, boolean encoded) {
                    use(tc, variable);
                    values.add(variable);
                    unescaped |= !encoded;
                    super.value(tc, variable, encoded);
                }

                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    refuse("must not use partials ({{>" + variable + "}} on line " + tc.line() + ")");
                }

                @Override
                public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                    refuse("must not use partials (line " + tc.line() + ")");
                }

                @Override
                public void extend(TemplateContext tc, String variable, Mustache mustache) {
                    refuse("must not use template inheritance (line " + tc.line() + ")");
                }

                @Override
                public void name(TemplateContext tc, String variable, Mustache mustache) {
                    refuse("must not use blocks ({{$" + variable + "}} on line " + tc.line() + ")");
                }

                @Override
                public void checkName(TemplateContext tc, String variable, Mustache mustache) {
                    refuse("must not use blocks (line " + tc.line() + ")");
                }

                @Override
                public void pragma(TemplateContext tc, String pragma, String args) {
                    refuse("must not use pragmas (line " + tc.line() + ")");
                }
            };
        }
    }
}
