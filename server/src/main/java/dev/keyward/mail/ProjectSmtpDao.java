package dev.keyward.mail;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/** SQL for project_smtp; {@link ProjectSmtpService} is the only writer. */
@RegisterConstructorMapper(ProjectSmtp.class)
public interface ProjectSmtpDao {
    @SqlQuery("SELECT * FROM project_smtp WHERE project_id = :projectId")
    Optional<ProjectSmtp> find(String projectId);

    /** The servers of several projects at once (the relay routes a claimed batch with one query). */
    @SqlQuery("SELECT * FROM project_smtp WHERE project_id IN (<projectIds>)")
    List<ProjectSmtp> findAll(@BindList("projectIds") List<String> projectIds);

    /** Serialises writers of one project's row: the project's row, locked for the transaction. */
    @SqlQuery("SELECT id FROM projects WHERE id = :projectId FOR UPDATE")
    Optional<String> lockProject(String projectId);

    @SqlUpdate("""
            UPDATE project_smtp SET host = :host, port = :port, security = :security, username = :username,
                password_sealed = :passwordSealed, from_name = :fromName, from_address = :fromAddress,
                updated_at = :updatedAt
            WHERE project_id = :projectId""")
    int update(@BindMethods ProjectSmtp smtp);

    @SqlUpdate("""
            INSERT INTO project_smtp (project_id, host, port, security, username, password_sealed, from_name,
                from_address, updated_at)
            VALUES (:projectId, :host, :port, :security, :username, :passwordSealed, :fromName, :fromAddress,
                :updatedAt)""")
    void insert(@BindMethods ProjectSmtp smtp);

    @SqlUpdate("DELETE FROM project_smtp WHERE project_id = :projectId")
    int delete(String projectId);
}
