package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.otp.Alphabet;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Projects' own mail templates per kind and locale, and the choice of template for a mail: for
 * each locale in {@link MailLocales#candidates} order, the project's own template, else Keyward's
 * built-in one for that locale.
 */
public final class TemplateService {
    private final Jdbi jdbi;
    private final BuiltinTemplates builtins;
    private final TemplateRenderer renderer;
    private final AuditLog audit;
    private final Clock clock;
    private final String publicUrl;

    public TemplateService(Jdbi jdbi, BuiltinTemplates builtins, TemplateRenderer renderer, AuditLog audit, Clock clock,
                           String publicUrl) {
        this.jdbi = jdbi;
        this.builtins = builtins;
        this.renderer = renderer;
        this.audit = audit;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /** The template a mail uses, under a cache key that changes whenever the template does. */
    public record Chosen(String cacheKey, String locale, boolean custom, MailTemplate template) { }

    /** A template as the admin API shows it; {@code custom} is false for Keyward's built-in wording. */
    public record View(String kind, String locale, boolean custom, String subject, String text, String html,
                       String updatedAt) { }

    public record Listed(String kind, String locale, String updatedAt) { }

    /** Picks the template for a mail of this kind that asks for {@code requested}, in the caller's transaction. */
    public Chosen choose(Handle h, Project project, MailKind kind, String requested) {
        List<String> candidates = MailLocales.candidates(requested, project.defaultLocale());
        Map<String, TemplateDao.Stored> own = Daos.of(h, TemplateDao.class).findAny(project.id(), kind.wire(), candidates)
                .stream().collect(Collectors.toMap(TemplateDao.Stored::locale, Function.identity()));
        for (String locale : candidates) {
            TemplateDao.Stored s = own.get(locale);
            if (s != null) {
                return new Chosen("project|" + project.id() + "|" + kind.wire() + "|" + locale + "|" + s.updatedAt(), locale,
                        true, s.template());
            }
            Optional<MailTemplate> builtin = builtins.find(kind, locale);
            if (builtin.isPresent()) {
                return new Chosen("builtin|" + kind.wire() + "|" + locale, locale, false, builtin.get());
            }
        }
        throw new IllegalStateException("no built-in " + kind.wire() + " template in " + MailLocales.FALLBACK);
    }

    public TemplateRenderer.Rendered render(Chosen chosen, Map<String, String> values) {
        return renderer.render(chosen.cacheKey(), chosen.template(), values);
    }

    public List<Listed> list(ProjectId project) {
        return jdbi.withHandle(h -> Daos.of(h, TemplateDao.class).list(project.value())).stream()
                .map(l -> new Listed(l.kind(), l.locale(), Instant.ofEpochMilli(l.updatedAt()).toString())).toList();
    }

    /** The project's own template, else Keyward's built-in one for exactly this locale, else 404. */
    public View get(ProjectId project, MailKind kind, String locale) {
        Optional<TemplateDao.Stored> own = jdbi.withHandle(h -> Daos.of(h, TemplateDao.class)
                .find(project.value(), kind.wire(), locale));
        if (own.isPresent()) {
            return view(kind, locale, own.get().template(), own.get().updatedAt());
        }
        return builtins.find(kind, locale).map(t -> view(kind, locale, t, null))
                .orElseThrow(() -> ApiException.notFound("No " + kind.wire() + " template in " + locale
                        + " (built-in locales: " + String.join(", ", BuiltinTemplates.LOCALES) + ")"));
    }

    public View put(ProjectId project, MailKind kind, String locale, MailTemplate template, RequestMeta meta) {
        Map<String, String> problems = TemplateCheck.problems(kind, template);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return jdbi.inTransaction(h -> {
            Daos.of(h, ProjectSmtpDao.class).lockProject(project.value()).orElseThrow(ProjectService::notFound);
            TemplateDao dao = Daos.of(h, TemplateDao.class);
            long now = clock.millis();
            if (dao.update(project.value(), kind.wire(), locale, template.subject(), template.text(), template.html(),
                    now) == 0) {
                dao.insert(project.value(), kind.wire(), locale, template.subject(), template.text(), template.html(), now);
            }
            audit.record(h, project, "template.updated", null, null, meta, kind.wire() + " " + locale);
            TemplateDao.Stored stored = dao.find(project.value(), kind.wire(), locale).orElseThrow();
            return view(kind, locale, stored.template(), stored.updatedAt());
        });
    }

    public void delete(ProjectId project, MailKind kind, String locale, RequestMeta meta) {
        jdbi.useTransaction(h -> {
            if (Daos.of(h, TemplateDao.class).delete(project.value(), kind.wire(), locale) == 0) {
                throw ApiException.notFound("This project has no " + kind.wire() + " template of its own in " + locale);
            }
            audit.record(h, project, "template.deleted", null, null, meta, kind.wire() + " " + locale);
        });
    }

    /**
     * Renders a draft, or else the template this locale would use, with the project's real name
     * and sample values for the rest. A draft is checked like a template being saved.
     */
    public TemplateRenderer.Rendered preview(Project project, MailKind kind, String locale, MailTemplate draft) {
        Map<String, String> sample = MailComposer.values(project, "ada@example.com", sample(project, kind));
        if (draft != null) {
            Map<String, String> problems = TemplateCheck.problems(kind, draft);
            if (!problems.isEmpty()) {
                throw ApiException.validation(problems);
            }
            return renderer.renderOnce(draft, sample);
        }
        Chosen chosen = jdbi.withHandle(h -> choose(h, project, kind, locale));
        return render(chosen, sample);
    }

    /** What a real mail of this kind would carry, made up: a code in the project's format, a link, a name. */
    private Map<String, String> sample(Project project, MailKind kind) {
        Map<String, String> values = new HashMap<>();
        values.put("firstName", "Ada");
        OtpPolicy policy = project.otpPolicy();
        String symbols = policy.alphabet() == Alphabet.NUMERIC ? "4829137560" : "7KQ2MXH9PR";
        values.put("code", symbols.substring(0, Math.min(policy.length(), symbols.length())));
        values.put("ttlMinutes", kind == MailKind.VERIFY_EMAIL ? "1440" : String.valueOf(policy.ttlSeconds() / 60));
        if (kind == MailKind.VERIFY_EMAIL) {
            String page = project.verifyUrl() != null ? project.verifyUrl() : publicUrl + "/verify-email";
            values.put("link", page + (page.contains("?") ? "&" : "?") + "token=sample-token&projectId=" + project.id());
        } else if (kind == MailKind.RESET_CODE && project.resetUrl() != null) {
            values.put("link", project.resetUrl() + (project.resetUrl().contains("?") ? "&" : "?")
                    + "email=ada%40example.com");
        }
        return values;
    }

    private static View view(MailKind kind, String locale, MailTemplate t, Long updatedAt) {
        return new View(kind.wire(), locale, updatedAt != null, t.subject(), t.text(), t.html(),
                updatedAt == null ? null : Instant.ofEpochMilli(updatedAt).toString());
    }
}
