package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.config.SmtpSettings;
import dev.keyward.db.Daos;
import dev.keyward.db.RelayLoop;
import dev.keyward.mail.OutboxDao.Claimed;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers outbox rows. One thread claims due rows with FOR UPDATE SKIP LOCKED and leases them
 * (for a minute by default), so any number of server processes share the work and each row is sent
 * by one of them at a time. A process that dies mid-send leaves its lease to expire and another one
 * retries: a mail the SMTP server accepted just before the death goes out again, with the same
 * Message-ID ({@link MailComposer#messageId}), so delivery is at least once. It hands each
 * row to the lane of the SMTP server its project sends through ({@link MailLanes}): each server
 * has its own connections, sender threads and timeouts, so a server that is down, slow or
 * black-holed delays only its own projects' mail. The claim leaves out projects whose lane is
 * full; a row whose lane turns out to be full is given back untried. Failures back off per row
 * with jitter; a code whose lifetime ended is never sent; a row that keeps failing is dead-lettered.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    public static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;
    /** At most this many projects are named in a claim's skip list; rows of others in full lanes are given back. */
    private static final int MAX_SKIPPED = 500;
    /** At most this many rows this process holds are left out of a claim by id (see {@link #held}). */
    private static final int MAX_HELD_SKIPPED = 2_000;

    /**
     * How the relay talks to SMTP servers: timeouts, senders per server, and whether private hosts
     * are allowed; and a claim's lease (a minute by default, and never shorter than one SMTP
     * exchange may take: its steps each wait the timeout; see Config), which is also how long the
     * rows a dead process had claimed wait before another process retries them.
     */
    public record Settings(int timeoutMillis, int connectionsPerServer, boolean allowPrivateHosts,
                           SmtpSettings defaultServer, long leaseMillis) { }

    private final Jdbi jdbi;
    private final ProjectService projects;
    private final ProjectSmtpService smtp;
    private final Clock clock;
    private final boolean postgres;
    private final Delivery delivery;
    private final MailLanes lanes;
    private final long leaseMillis;
    /**
     * Rows this process has claimed and not finished (waiting in a lane or being sent). The claim
     * leaves them out: if a lease runs out while its mail is still being sent (a slow server, or a
     * test moving the clock), this process must not claim the row again and send it a second time.
     */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final RelayLoop loop = new RelayLoop("outbox-relay", () -> drainOnce() >= BATCH);

    public OutboxRelay(Jdbi jdbi, Outbox outbox, TemplateService templates, MailComposer composer,
                       MailTransport defaultTransport, ProjectService projects, ProjectSmtpService smtp, OtpCodes codes,
                       AuditLog audit, Clock clock, SecureRandom random, boolean postgres, Settings settings) {
        this.jdbi = jdbi;
        this.projects = projects;
        this.smtp = smtp;
        this.clock = clock;
        this.postgres = postgres;
        this.leaseMillis = settings.leaseMillis();
        this.delivery = new Delivery(jdbi, outbox, templates, composer, codes, audit, clock, random, postgres,
                settings.allowPrivateHosts(), settings.defaultServer(), leaseMillis);
        this.lanes = new MailLanes(defaultTransport, settings.timeoutMillis(), settings.connectionsPerServer(), BATCH,
                loop::wake);
        outbox.onEnqueue(loop::wake);
    }

    public void start() {
        loop.start();
    }

    /** Claims one batch and hands each row to its lane; returns how many rows it claimed. */
    public int drainOnce() {
        List<Claimed> rows = claim(lanes.saturatedProjects(MAX_SKIPPED));
        if (!rows.isEmpty()) {
            Map<String, Delivery.Route> routes = routes(rows);
            Map<Claimed, Long> givenBack = new LinkedHashMap<>();
            for (Claimed row : rows) {
                Delivery.Route route = routes.get(row.projectId());
                // A server whose row cannot be opened has no settings: its rows fail in the default lane, quickly.
                SmtpLane lane = lanes.laneFor(row.projectId(), route.server() == null ? null : route.server().settings());
                held.add(row.id());
                boolean taken = lane.offer(() -> {
                    try {
                        delivery.process(row, route, lane);
                    } finally {
                        held.remove(row.id());
                    }
                });
                if (!taken) {
                    held.remove(row.id());
                    givenBack.put(row, lane.giveBackMillis());
                }
            }
            delivery.release(givenBack);
        }
        lanes.closeIdle();
        return rows.size();
    }

    private List<Claimed> claim(List<String> skip) {
        List<String> skipped = new ArrayList<>(skip);
        skipped.add(""); // NOT IN () is not SQL; no project has the empty id
        List<Long> heldIds = new ArrayList<>(MAX_HELD_SKIPPED);
        heldIds.add(-1L);
        for (Long id : held) {
            if (heldIds.size() >= MAX_HELD_SKIPPED) {
                break;
            }
            heldIds.add(id);
        }
        return jdbi.inTransaction(h -> {
            OutboxDao dao = Daos.of(h, OutboxDao.class);
            if (postgres) {
                dao.relaxCommit();
            }
            long now = clock.millis();
            List<Claimed> rows = dao.lockDue(now, BATCH, skipped, heldIds);
            for (Claimed c : rows) {
                dao.claim(c.id(), c.projectId(), c.attempts(), now + leaseMillis);
            }
            return rows;
        });
    }

    /** Each project's settings and SMTP server, looked up once per batch. */
    private Map<String, Delivery.Route> routes(List<Claimed> rows) {
        List<String> ids = rows.stream().map(Claimed::projectId).distinct().toList();
        Map<String, ProjectSmtpService.Server> servers = jdbi.withHandle(h -> smtp.servers(h, ids));
        Map<String, Delivery.Route> out = new HashMap<>();
        for (String id : ids) {
            out.put(id, new Delivery.Route(projects.find(new ProjectId(id)).orElse(null), servers.get(id)));
        }
        return out;
    }

    @Override
    public void close() {
        loop.close();
        lanes.close();
    }
}
