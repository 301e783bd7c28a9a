package dev.keyward.mail;

import dev.keyward.config.SmtpSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SmtpLane} per distinct SMTP server (host, port, security, username and a digest of
 * the password), made when a server's first mail comes and closed after five idle minutes; mail of
 * projects without a server of their own goes through the default lane (the server-wide SMTP
 * account or the dev mailbox), which is never closed.
 */
final class MailLanes implements AutoCloseable {
    private static final long IDLE_MILLIS = 5 * 60_000L;
    private static final int REMEMBERED_PROJECTS = 10_000;

    private record Key(String host, int port, SmtpSettings.Security security, String username, String passwordDigest) {
        static Key of(SmtpSettings s) {
            return new Key(s.host().toLowerCase(java.util.Locale.ROOT), s.port(), s.security(), s.username(),
                    s.password() == null ? null : digest(s.password()));
        }
    }

    private final SmtpLane defaultLane;
    private final Map<Key, SmtpLane> lanes = new ConcurrentHashMap<>();
    /** The lane each project's mail last went to: the claim leaves out projects whose lane is full. */
    private final Map<String, SmtpLane> laneOfProject = new ConcurrentHashMap<>();
    private final int timeoutMillis;
    private final int concurrency;
    private final int claimSize;
    private final Runnable onRoom;

    MailLanes(MailTransport defaultTransport, int timeoutMillis, int concurrency, int claimSize, Runnable onRoom) {
        this.timeoutMillis = timeoutMillis;
        this.concurrency = concurrency;
        this.claimSize = claimSize;
        this.onRoom = onRoom;
        this.defaultLane = new SmtpLane("default", defaultTransport, concurrency, claimSize, onRoom);
    }

    /** The lane for a project's mail: its own server's, or the default one when {@code server} is null. */
    SmtpLane laneFor(String projectId, SmtpSettings server) {
        SmtpLane lane = server == null ? defaultLane : lanes.computeIfAbsent(Key.of(server),
                k -> new SmtpLane(k.host() + ":" + k.port(), new SmtpTransport(server, timeoutMillis, concurrency),
                        concurrency, claimSize, onRoom));
        if (laneOfProject.size() >= REMEMBERED_PROJECTS) {
            laneOfProject.clear();
        }
        laneOfProject.put(projectId, lane);
        return lane;
    }

    /** Projects whose last lane is full, at most {@code max} of them. */
    List<String> saturatedProjects(int max) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, SmtpLane> e : laneOfProject.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            if (e.getValue().saturated()) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Closes the lanes (and their connections) of servers that had no mail for a while. */
    void closeIdle() {
        long before = System.currentTimeMillis() - IDLE_MILLIS;
        lanes.entrySet().removeIf(e -> {
            if (!e.getValue().idleSince(before)) {
                return false;
            }
            laneOfProject.values().removeIf(lane -> lane == e.getValue());
            e.getValue().close();
            return true;
        });
    }

    private static String digest(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        lanes.values().forEach(SmtpLane::close);
        lanes.clear();
        defaultLane.close();
    }
}
