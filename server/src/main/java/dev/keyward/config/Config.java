package dev.keyward.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Keyward reads from its environment, validated once at start so a typo fails fast
 * with the variable's name instead of surfacing later as a confusing runtime error.
 */
public record Config(
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Optional<String> adminToken,
        Optional<String> secret,
        Optional<SmtpSettings> smtp,
        String mailFrom,
        int bcryptCost,
        List<Cidr> trustedProxies,
        String publicUrl,
        int ipLimitPerMinute,
        int dbPoolSize,
        int bcryptThreads,
        Optional<String> defaultProject,
        int tokenFailuresPerProjectPerHour,
        int tokenFailuresPerNetworkPerHour,
        boolean devMailbox,
        boolean webhookAllowPrivate,
        int smtpTimeoutMillis,
        int smtpConnectionsPerServer,
        boolean smtpAllowPrivate,
        int mailLeaseMillis,
        int janitorIntervalSeconds) {

    public static final int DEFAULT_PORT = 9000;

    public static Config fromEnvironment(Map<String, String> env) {
        Path dataDir = Path.of(value(env, "KEYWARD_DATA_DIR").orElse("data"));
        int port = intValue(env, "KEYWARD_PORT", DEFAULT_PORT, 0, 65535);
        String dbUrl = value(env, "KEYWARD_DB_URL").orElse(defaultH2Url(dataDir));
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("KEYWARD_DB_URL must start with jdbc:postgresql: or jdbc:h2: (got '" + dbUrl + "')");
        }
        Optional<String> adminToken = value(env, "KEYWARD_ADMIN_TOKEN");
        adminToken.ifPresent(t -> {
            if (t.length() < 16) {
                throw new ConfigException("KEYWARD_ADMIN_TOKEN must be at least 16 characters");
            }
        });
        Optional<String> secret = value(env, "KEYWARD_SECRET");
        secret.ifPresent(s -> {
            if (s.length() < 32) {
                throw new ConfigException("KEYWARD_SECRET must be at least 32 characters");
            }
        });
        // Validated whether or not a host is set: a typo must not wait for the day SMTP is switched on.
        SmtpSettings.Security security = security(value(env, "KEYWARD_SMTP_SECURITY").orElse("starttls"));
        int smtpPort = intValue(env, "KEYWARD_SMTP_PORT", 587, 1, 65535);
        Optional<SmtpSettings> smtp = value(env, "KEYWARD_SMTP_HOST").map(host -> new SmtpSettings(
                host, smtpPort,
                value(env, "KEYWARD_SMTP_USERNAME").orElse(null),
                value(env, "KEYWARD_SMTP_PASSWORD").orElse(null),
                security));
        boolean devMailbox = devMailbox(env, dbUrl, smtp.isPresent());
        String mailFrom = value(env, "KEYWARD_MAIL_FROM").orElse("Keyward <no-reply@localhost>");
        if (mailFrom.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || !mailFrom.contains("@")) {
            throw new ConfigException("KEYWARD_MAIL_FROM must be an address such as 'Keyward <no-reply@example.com>'");
        }
        int cost = intValue(env, "KEYWARD_BCRYPT_COST", 10, 4, 16);
        List<Cidr> proxies = value(env, "KEYWARD_TRUSTED_PROXIES")
                .map(v -> Cidr.parseList(v, "KEYWARD_TRUSTED_PROXIES"))
                .orElse(List.of());
        String publicUrl = value(env, "KEYWARD_PUBLIC_URL").orElse("http://localhost:" + (port == 0 ? DEFAULT_PORT : port));
        if (!publicUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new ConfigException("KEYWARD_PUBLIC_URL must be an http(s) URL without query, e.g. https://auth.example.com");
        }
        if (publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        int ipLimit = intValue(env, "KEYWARD_IP_LIMIT_PER_MINUTE", 120, 1, 1_000_000);
        int poolSize = intValue(env, "KEYWARD_DB_POOL_SIZE", 16, 2, 500);
        int bcryptThreads = intValue(env, "KEYWARD_BCRYPT_THREADS", Runtime.getRuntime().availableProcessors(), 1, 256);
        Optional<String> defaultProject = value(env, "KEYWARD_DEFAULT_PROJECT");
        defaultProject.ifPresent(id -> {
            if (!id.matches("[0-9a-f]{24}")) {
                throw new ConfigException("KEYWARD_DEFAULT_PROJECT must be a project id (24 lowercase hex characters, got '"
                        + id + "')");
            }
        });
        int smtpTimeout = intValue(env, "KEYWARD_SMTP_TIMEOUT_MS", 10_000, 100, 300_000);
        // A shorter lease than one SMTP exchange can take would let another process claim a mail
        // that is still being sent, and send it again.
        int minLease = 4 * smtpTimeout + 10_000;
        int mailLease = intValue(env, "KEYWARD_MAIL_LEASE_MS", Math.max(60_000, minLease), 1, 3_600_000);
        if (mailLease < minLease) {
            throw new ConfigException("KEYWARD_MAIL_LEASE_MS must be at least 4 x KEYWARD_SMTP_TIMEOUT_MS + 10000 = "
                    + minLease + " (got " + mailLease + ")");
        }
        return new Config(port, dataDir, dbUrl, value(env, "KEYWARD_DB_USER").orElse(null),
                env.getOrDefault("KEYWARD_DB_PASSWORD", null), adminToken, secret, smtp, mailFrom, cost,
                proxies, publicUrl, ipLimit, poolSize, bcryptThreads, defaultProject,
                intValue(env, "KEYWARD_TOKEN_FAILURES_PER_HOUR", 1000, 1, 1_000_000),
                intValue(env, "KEYWARD_TOKEN_FAILURES_PER_NETWORK_PER_HOUR", 20, 1, 1_000_000), devMailbox,
                booleanValue(env, "KEYWARD_WEBHOOK_ALLOW_PRIVATE", false),
                smtpTimeout,
                intValue(env, "KEYWARD_SMTP_CONNECTIONS_PER_SERVER", 2, 1, 16),
                booleanValue(env, "KEYWARD_SMTP_ALLOW_PRIVATE", false), mailLease,
                intValue(env, "KEYWARD_JANITOR_INTERVAL_SECONDS", 600, 10, 86_400));
    }

    /**
     * The dev mailbox keeps live reset codes readable over HTTP: it runs with the embedded H2
     * default when no SMTP host is set, or when asked for by name, never by accident in production.
     */
    private static boolean devMailbox(Map<String, String> env, String dbUrl, boolean smtpSet) {
        Optional<String> explicit = value(env, "KEYWARD_DEV_MAILBOX");
        if (explicit.isPresent() && !explicit.get().matches("true|false")) {
            throw new ConfigException("KEYWARD_DEV_MAILBOX must be true or false (got '" + explicit.get() + "')");
        }
        if (smtpSet) {
            if (explicit.filter("true"::equals).isPresent()) {
                throw new ConfigException("KEYWARD_DEV_MAILBOX=true and KEYWARD_SMTP_HOST are both set: choose one");
            }
            return false;
        }
        if (explicit.isPresent()) {
            if (explicit.get().equals("false")) {
                throw new ConfigException("KEYWARD_DEV_MAILBOX=false needs KEYWARD_SMTP_HOST: mail has to go somewhere");
            }
            return true;
        }
        if (!dbUrl.startsWith("jdbc:h2:")) {
            throw new ConfigException("KEYWARD_SMTP_HOST is not set: set it to send mail, or set KEYWARD_DEV_MAILBOX=true "
                    + "to keep mail in the dev mailbox (development only: it shows every reset code)");
        }
        return true;
    }

    public boolean isPostgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("keyward")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static int intValue(Map<String, String> env, String name, int dflt, int min, int max) {
        Optional<String> v = value(env, name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number (got '" + v.get() + "')");
        }
    }

    private static boolean booleanValue(Map<String, String> env, String name, boolean dflt) {
        return value(env, name).map(v -> switch (v.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be true or false (got '" + v + "')");
        }).orElse(dflt);
    }

    private static SmtpSettings.Security security(String v) {
        return switch (v.toLowerCase()) {
            case "none" -> SmtpSettings.Security.NONE;
            case "starttls" -> SmtpSettings.Security.STARTTLS;
            case "tls" -> SmtpSettings.Security.TLS;
            default -> throw new ConfigException("KEYWARD_SMTP_SECURITY must be none, starttls or tls (got '" + v + "')");
        };
    }

    @Override
    public String toString() {
        return "Config[port=" + port + ", dataDir=" + dataDir + ", db=" + (isPostgres() ? "postgresql" : "h2")
                + ", smtp=" + smtp.map(SmtpSettings::toString).orElse("dev mailbox") + ", bcryptCost=" + bcryptCost + "]";
    }
}
