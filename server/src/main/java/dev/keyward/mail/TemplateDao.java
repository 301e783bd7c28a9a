package dev.keyward.mail;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/** SQL for mail_templates; {@link TemplateService} is the only writer. */
public interface TemplateDao {
    /** A project's template as stored. */
    record Stored(String kind, String locale, String subject, String textBody, String htmlBody, long updatedAt) {
        MailTemplate template() {
            return new MailTemplate(subject, textBody, htmlBody);
        }
    }

    /** A project's template without its bodies, for listings. */
    record Listed(String kind, String locale, long updatedAt) { }

    @SqlQuery("""
            SELECT kind, locale, subject, text_body, html_body, updated_at FROM mail_templates
            WHERE project_id = :projectId AND kind = :kind AND locale = :locale""")
    @RegisterConstructorMapper(Stored.class)
    Optional<Stored> find(String projectId, String kind, String locale);

    /** The project's templates of this kind in any of these locales (the relay picks among them). */
    @SqlQuery("""
            SELECT kind, locale, subject, text_body, html_body, updated_at FROM mail_templates
            WHERE project_id = :projectId AND kind = :kind AND locale IN (<locales>)""")
    @RegisterConstructorMapper(Stored.class)
    List<Stored> findAny(String projectId, String kind, @BindList("locales") List<String> locales);

    @SqlQuery("SELECT kind, locale, updated_at FROM mail_templates WHERE project_id = :projectId ORDER BY kind, locale")
    @RegisterConstructorMapper(Listed.class)
    List<Listed> list(String projectId);

    /** updated_at only ever grows: it is part of the key compiled templates are cached under. */
    @SqlUpdate("""
            UPDATE mail_templates SET subject = :subject, text_body = :text, html_body = :html,
                updated_at = GREATEST(:now, updated_at + 1)
            WHERE project_id = :projectId AND kind = :kind AND locale = :locale""")
    int update(String projectId, String kind, String locale, String subject, String text, String html, long now);

    @SqlUpdate("""
            INSERT INTO mail_templates (project_id, kind, locale, subject, text_body, html_body, updated_at)
            VALUES (:projectId, :kind, :locale, :subject, :text, :html, :now)""")
    void insert(String projectId, String kind, String locale, String subject, String text, String html, long now);

    @SqlUpdate("DELETE FROM mail_templates WHERE project_id = :projectId AND kind = :kind AND locale = :locale")
    int delete(String projectId, String kind, String locale);
}
