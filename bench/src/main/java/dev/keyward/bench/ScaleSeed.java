package dev.keyward.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds bench/run --scale's data: the projects through the admin API, a sample of users through
 * the admin import API, then the rest of the users, the old codes and the outbox backlog with
 * {@code COPY} in rows made from a <em>template</em>: a row the server itself wrote (an imported
 * user, a consumed code, a sent and a void outbox row), copied out column by column, with only
 * the per-row values (ids, addresses, times, state) replaced. A column the server writes that
 * this class does not know about keeps the server's value. {@link #checkShapes} compares a copied
 * row with a server-written one afterwards.
 */
final class ScaleSeed {
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    /** A row the server wrote, in COPY text format, by column. */
    static final class Template {
        final List<String> columns;
        final String[] values;

        Template(List<String> columns, String[] values) {
            this.columns = columns;
            this.values = values;
        }

        int index(String column) {
            int i = columns.indexOf(column);
            if (i < 0) {
                throw new IllegalStateException("no column " + column + " in " + columns);
            }
            return i;
        }

        /** The template without one column (an identity id the database assigns). */
        Template without(String column) {
            int i = index(column);
            List<String> c = new ArrayList<>(columns);
            c.remove(i);
            String[] v = new String[values.length - 1];
            for (int k = 0, j = 0; k < values.length; k++) {
                if (k != i) {
                    v[j++] = values[k];
                }
            }
            return new Template(c, v);
        }

        String get(String column) {
            return values[index(column)];
        }
    }

    private final Psql psql;
    private final Load load;
    private final String adminToken;
    private final SplittableRandom random = new SplittableRandom(16);
    final Map<String, Long> timings = new LinkedHashMap<>();

    ScaleSeed(Psql psql, Load load, String adminToken) {
        this.psql = psql;
        this.load = load;
        this.adminToken = adminToken;
    }

    /** {@code n} projects through the admin API on 8 connections (default OTP policy); their ids. */
    List<String> createProjects(int n, String namePrefix) throws Exception {
        String[] ids = new String[n];
        AtomicInteger next = new AtomicInteger();
        Pattern id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{24})\"");
        load.parallel(8, conn -> {
            int k;
            while ((k = next.getAndIncrement()) < n) {
                Resp r = conn.request("POST", "/api/admin/projects", "{\"name\":\"" + namePrefix + k
                        + "\",\"requireEmailVerification\":false}", "Authorization: Bearer " + adminToken)
                        .require(201, "create project");
                Matcher m = id.matcher(r.body());
                if (!m.find()) {
                    throw new IllegalStateException("no project id in " + r.body());
                }
                ids[k] = m.group(1);
            }
        });
        return Arrays.asList(ids);
    }

    /** Imports users 0..n-1 at {@code address(k)} with the admin import API on 8 connections, all with one hash. */
    void importUsers(String projectId, int n, java.util.function.IntFunction<String> address, String passwordHash)
            throws Exception {
        AtomicInteger i = new AtomicInteger();
        load.parallel(8, conn -> {
            int k;
            while ((k = i.getAndIncrement()) < n) {
                conn.request("POST", "/api/admin/projects/" + projectId + "/users",
                        "{\"email\":\"" + address.apply(k) + "\",\"passwordHash\":\"" + passwordHash
                                + "\",\"firstName\":\"B\",\"lastName\":\"U\",\"emailVerified\":true}",
                        "Authorization: Bearer " + adminToken).require(201, "import user");
            }
        });
    }

    /** The row {@code where} selects, as the server wrote it. */
    Template template(String table, String where) throws Exception {
        List<String> cols = List.of(psql.query("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '" + table + "'").split(","));
        String row = psql.query("COPY (SELECT " + String.join(", ", cols) + " FROM " + table + " WHERE " + where
                + " LIMIT 1) TO STDOUT");
        if (row.isEmpty()) {
            throw new IllegalStateException("no " + table + " row where " + where + " to copy the shape of");
        }
        return new Template(cols, row.split("\t", -1));
    }

    /** A user id for (project, k): 24 hex digits, distinct for distinct pairs (a bijective mix). */
    static String userId(int project, int k) {
        long z = ((long) project << 32) | (k & 0xffffffffL);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return String.format("c0de%04x%016x", project & 0xffff, z);
    }

    /** The canonical key of the bench's addresses (ASCII; lower case, as the server's is for them). */
    static String key(String email) {
        return email.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Drops the table's indexes other than its constraints', runs {@code load}, and builds them
     * again from their own definitions (as pg_dump restores do): one sort per index instead of
     * millions of random insertions into it.
     */
    void withIndexesRebuilt(String table, Rows load) throws Exception {
        List<String> defs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String line : psql.query("SELECT indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = 'public' "
                + "AND tablename = '" + table + "' AND indexname NOT IN (SELECT conname FROM pg_constraint)").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.substring(0, line.indexOf('|')));
                defs.add(line.substring(line.indexOf('|') + 1));
            }
        }
        if (!names.isEmpty()) {
            psql.query("DROP INDEX " + String.join(", ", names));
        }
        long t = System.nanoTime();
        load.run();
        timings.put("copy " + table, (System.nanoTime() - t) / 1_000_000);
        t = System.nanoTime();
        if (!defs.isEmpty()) {
            psql.script("SET maintenance_work_mem = '512MB';\n" + String.join(";\n", defs) + ";\n", true);
        }
        timings.put("index " + table, (System.nanoTime() - t) / 1_000_000);
    }

    interface Rows {
        void run() throws Exception;
    }

    /**
     * Users {@code from}..{@code to}-1 of project {@code p} (index {@code pi}), addresses from
     * {@code address}, shaped like {@code t} (an imported user).
     */
    record UserRange(int pi, String projectId, int from, int to, java.util.function.IntFunction<String> address) { }

    void copyUsers(Template t, List<UserRange> ranges, long now) throws Exception {
        int id = t.index("id");
        int project = t.index("project_id");
        int email = t.index("email");
        int key = t.index("email_key");
        int created = t.index("created_at");
        int updated = t.index("updated_at");
        psql.copyIn("users", t.columns, out -> {
            String[] v = t.values.clone();
            for (UserRange r : ranges) {
                v[project] = r.projectId();
                for (int k = r.from(); k < r.to(); k++) {
                    String e = r.address().apply(k);
                    v[id] = userId(r.pi(), k);
                    v[email] = e;
                    v[key] = key(e);
                    long c = now - 2 * 365 * DAY + (long) (random.nextDouble() * 2 * 365 * DAY);
                    v[created] = Long.toString(c);
                    v[updated] = v[created];
                    line(out, v);
                }
            }
        });
    }

    /** Where each seeded code points: project, address and user id (null for an address without an account). */
    interface CodeOwner {
        String[] pick(SplittableRandom random);
    }

    /**
     * {@code n} codes that can no longer be used, in time order: {@code oldShare} of them expired
     * more than a day ago (the janitor's to purge), the rest created in the last 22 hours and
     * consumed or closed. Shaped like {@code t} (a code the server consumed).
     */
    void copyCodes(Template withId, long n, double oldShare, long now, CodeOwner owners) throws Exception {
        Template t = withId.without("id");
        int project = t.index("project_id");
        int key = t.index("email_key");
        int user = t.index("user_id");
        int purpose = t.index("purpose");
        int mac = t.index("mac");
        int created = t.index("created_at");
        int expires = t.index("expires_at");
        int attempts = t.index("attempts");
        int consumed = t.index("consumed_at");
        int closed = t.index("closed_at");
        long ttl = Long.parseLong(withId.get("expires_at")) - Long.parseLong(withId.get("created_at"));
        int macLength = withId.get("mac").length();
        boolean hex = withId.get("mac").matches("[0-9a-f]+");
        long old = (long) (n * oldShare);
        psql.copyIn("otp_codes", t.columns, out -> {
            String[] v = t.values.clone();
            char[] m = new char[macLength];
            for (long i = 0; i < n; i++) {
                long c = i < old
                        ? now - 30 * DAY + (long) ((29 * DAY - 2 * HOUR - ttl) * (i / (double) old))
                        : now - 22 * HOUR + (long) ((22 * HOUR - 15 * MINUTE) * ((i - old) / (double) (n - old)));
                String[] o = owners.pick(random);
                v[project] = o[0];
                v[key] = o[1];
                v[user] = o[2] == null ? "\\N" : o[2];
                double r = random.nextDouble();
                v[purpose] = r < 0.85 ? "reset" : r < 0.95 ? "reset_token" : "verify";
                for (int j = 0; j < macLength; j++) {
                    int x = random.nextInt(hex ? 16 : 64);
                    m[j] = hex ? Character.forDigit(x, 16)
                            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(x);
                }
                v[mac] = new String(m);
                v[created] = Long.toString(c);
                long e = c + ttl;
                v[expires] = Long.toString(e);
                v[attempts] = Integer.toString(random.nextInt(3));
                double s = random.nextDouble();
                long end = c + 1 + (long) (random.nextDouble() * Math.min(ttl, 10 * MINUTE));
                if (s < 0.35) {
                    v[consumed] = Long.toString(end);
                    v[closed] = "\\N";
                } else if (s < 0.70 || e >= now) {
                    v[consumed] = "\\N";
                    v[closed] = Long.toString(end);
                } else {
                    v[consumed] = "\\N";
                    v[closed] = "\\N";
                }
                line(out, v);
            }
        });
    }

    /**
     * {@code n} outbox rows that are done, half sent (shaped like {@code sent}) and half void
     * (unknown addresses, shaped like {@code voidRow}), {@code oldShare} of them created more than
     * 7 days ago (the janitor's to purge), in time order.
     */
    void copyOutbox(Template sentWithId, Template voidWithId, long n, double oldShare, long now, long maxCodeId,
                    CodeOwner owners) throws Exception {
        Template sent = sentWithId.without("id");
        Template voidRow = voidWithId.without("id");
        if (!sent.columns.equals(voidRow.columns)) {
            throw new IllegalStateException("outbox templates differ in columns");
        }
        int project = sent.index("project_id");
        int code = sent.index("code_id");
        int recipient = sent.index("recipient");
        int next = sent.index("next_attempt_at");
        int expires = sent.index("expires_at");
        int created = sent.index("created_at");
        int sentAt = sent.index("sent_at");
        int lastAttempt = sent.index("last_attempt_at");
        long old = (long) (n * oldShare);
        psql.copyIn("outbox", sent.columns, out -> {
            String[] s = sent.values.clone();
            String[] u = voidRow.values.clone();
            for (long i = 0; i < n; i++) {
                long c = i < old
                        ? now - 14 * DAY + (long) ((7 * DAY - HOUR) * (i / (double) old))
                        : now - 6 * DAY + (long) ((6 * DAY - 15 * MINUTE) * ((i - old) / (double) (n - old)));
                String[] o = owners.pick(random);
                boolean isSent = o[2] != null;
                String[] v = isSent ? s : u;
                v[project] = o[0];
                v[code] = Long.toString(1 + random.nextLong(maxCodeId));
                if (isSent && !"\\N".equals(sent.values[recipient])) {
                    v[recipient] = o[1];
                }
                v[created] = Long.toString(c);
                v[expires] = Long.toString(c + HOUR);
                if (isSent) {
                    long at = c + 200 + random.nextInt(2000);
                    v[next] = Long.toString(at - 100);
                    v[sentAt] = Long.toString(at);
                    v[lastAttempt] = Long.toString(at);
                } else {
                    v[next] = Long.toString(c);
                }
                line(out, v);
            }
        });
    }

    private static void line(BufferedWriter out, String[] v) throws IOException {
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            out.write(v[i]);
        }
        out.write('\n');
    }

    /**
     * The columns in which a copied row differs from a server-written one of the same kind, less
     * the per-row ones {@code varying}: empty when the copy has the server's shape. Null-ness,
     * length class and character class are compared for the varying ones too.
     */
    static List<String> shapeDifferences(Template server, Template copied, List<String> varying) {
        List<String> out = new ArrayList<>();
        if (!server.columns.equals(copied.columns)) {
            out.add("columns " + server.columns + " vs " + copied.columns);
            return out;
        }
        for (int i = 0; i < server.columns.size(); i++) {
            String c = server.columns.get(i);
            String a = server.values[i];
            String b = copied.values[i];
            if (c.equals("id") && varying.contains(c)) {
                continue; // assigned by the database or random: any value is the shape
            }
            if (!varying.contains(c)) {
                if (!a.equals(b)) {
                    out.add(c + ": '" + a + "' vs '" + b + "'");
                }
            } else if (!shape(a).equals(shape(b))) {
                out.add(c + " (shape): " + shape(a) + " vs " + shape(b));
            }
        }
        return out;
    }

    /** null, or the character classes and length of a value: "digits(13)", "hex(24)", "text". */
    static String shape(String v) {
        if ("\\N".equals(v)) {
            return "null";
        }
        if (v.matches("[0-9]+")) {
            return "digits(" + v.length() + ")";
        }
        if (v.matches("[0-9a-f]+")) {
            return "hex(" + v.length() + ")";
        }
        if (v.matches("[a-z0-9._+-]+@[a-z0-9.-]+")) {
            return "lower-case address";
        }
        return "text";
    }

    /** Index-free lookup helper for the sample users' ids: email key to id, of one project. */
    Map<String, String> userIds(String projectId) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (String line : psql.query("SELECT email_key || '|' || id FROM users WHERE project_id = '" + projectId + "'")
                .split("\n")) {
            int bar = line.indexOf('|');
            if (bar > 0) {
                out.put(line.substring(0, bar), line.substring(bar + 1));
            }
        }
        return out;
    }
}
