package dev.keyward.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import kong.unirest.core.Unirest;
import kong.unirest.core.UnirestInstance;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point of the Keyward Java SDK.
 *
 * <pre>{@code
 * KeywardClient client = KeywardClient.builder().baseUrl("https://auth.example.com").build();
 * client.auth().confirmPasswordReset(new ConfirmPasswordResetRequest(email, projectId, otp, newPassword));
 * }</pre>
 *
 * <p>Each client owns one unirest instance (its own connection pool, never unirest's static
 * singleton) and is safe to share between threads; close it when done. Every non-2xx answer is
 * thrown as a {@link KeywardApiException}; transport failures as a {@link KeywardException}.
 */
public final class KeywardClient implements AutoCloseable {
    /** The spec's security scheme for the access token of a logged-in user. */
    public static final String SESSION_TOKEN = "sessionToken";
    /** The spec's security scheme for the operator token ({@code KEYWARD_ADMIN_TOKEN}). */
    public static final String OPERATOR_TOKEN = "operatorToken";
    /** The spec's security scheme for a project's admin key ({@code X-API-Key}). */
    public static final String PROJECT_ADMIN_KEY = "projectAdminKey";

    private final Transport transport;
    private final boolean ownsConnections;
    private final AuthApi auth;
    private final AdminApi admin;
    private final OpsApi ops;
    private final CompatApi compat;

    private KeywardClient(Transport transport, boolean ownsConnections) {
        this.transport = transport;
        this.ownsConnections = ownsConnections;
        this.auth = new AuthApi(transport);
        this.admin = new AdminApi(transport);
        this.ops = new OpsApi(transport);
        this.compat = new CompatApi(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Public project auth: register, login, sessions, password reset, email verification. */
    public AuthApi auth() {
        return auth;
    }

    /** The admin API; needs {@link Builder#adminToken} or {@link Builder#apiKey}. */
    public AdminApi admin() {
        return admin;
    }

    /** Health, metrics and the API description. */
    public OpsApi ops() {
        return ops;
    }

    /**
     * The Cargo Extra and Strapi drop-in endpoints, for projects that switched them on. Each method
     * takes the project as {@code projectId} (query) or {@code xProjectId} (the {@code X-Project-Id}
     * header); pass null for the one not used, or both to rely on the server's default project.
     * Their errors carry no {@code code()}: the text is in {@link KeywardApiException#serverMessage()}.
     */
    public CompatApi compat() {
        return compat;
    }

    /**
     * A client that acts as the user holding {@code accessToken} (for logout and session), sharing
     * this client's connections and settings. Closing it does nothing; close this client instead.
     */
    public KeywardClient withBearerToken(String accessToken) {
        return new KeywardClient(transport.withCredential(SESSION_TOKEN, accessToken), false);
    }

    @Override
    public void close() {
        if (ownsConnections) {
            transport.unirest().close();
        }
    }

    /** Configures a {@link KeywardClient}; only {@link #baseUrl} is required. */
    public static final class Builder {
        private String baseUrl;
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries;
        private Duration maxRetryDelay = Duration.ofSeconds(30);
        private Transport.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where Keyward listens, e.g. {@code http://localhost:9000}. */
        public Builder baseUrl(String baseUrl) {
            URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL: " + baseUrl);
            }
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        /** The access token of a logged-in user, sent on session calls (logout, session). */
        public Builder bearerToken(String accessToken) {
            return credential(SESSION_TOKEN, accessToken);
        }

        /** The operator token, sent on admin calls. */
        public Builder adminToken(String operatorToken) {
            return credential(OPERATOR_TOKEN, operatorToken);
        }

        /** A project's admin key, sent as {@code X-API-Key} on admin calls for that project. */
        public Builder apiKey(String projectAdminKey) {
            return credential(PROJECT_ADMIN_KEY, projectAdminKey);
        }

        /** The credential for any security scheme named in {@code openapi.yaml}. */
        public Builder credential(String scheme, String value) {
            credentials.put(Objects.requireNonNull(scheme, "scheme"), Objects.requireNonNull(value, scheme));
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The longest one HTTP exchange may take (each retry gets its own). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Retries a call answered with 429 or 503 up to {@code maxRetries} times, waiting as long as
         * the server's {@code Retry-After} says (or 0.5 s, 1 s, 2 s... without one). A wait longer
         * than {@link #maxRetryDelay} is not sat out: the error is thrown at once.
         */
        public Builder retryOn429And503(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("maxRetries must be 0..10");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The longest single wait before a retry (default 30 s). */
        public Builder maxRetryDelay(Duration delay) {
            this.maxRetryDelay = positive(delay, "maxRetryDelay");
            return this;
        }

        Builder sleeper(Transport.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public KeywardClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            UnirestInstance unirest = Unirest.spawnInstance();
            unirest.config()
                    .connectTimeout(Math.toIntExact(connectTimeout.toMillis()))
                    .requestTimeout(Math.toIntExact(requestTimeout.toMillis()))
                    .followRedirects(false)
                    .enableCookieManagement(false)
                    .setDefaultHeader("User-Agent", "keyward-sdk-java");
            return new KeywardClient(new Transport(unirest, mapper(), baseUrl, credentials, maxRetries,
                    maxRetryDelay, sleeper, clock), true);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        private static ObjectMapper mapper() {
            return JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build();
        }
    }
}
