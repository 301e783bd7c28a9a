package dev.keyward.http;

import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** B4 and the per-IP limit: X-Forwarded-For changes nothing unless the peer is a trusted proxy. */
class ClientIpIT {

    @Test
    void spoofedForwardedForDoesNotEscapeThePerIpLimit() {
        TestServer server = TestServer.dedicated("h2", Map.of("KEYWARD_IP_LIMIT_PER_MINUTE", "5"));
        try {
            Api api = server.api;
            String project = Fixtures.project(api, true).id();
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                Resp r = api.get("/api/auth/local/otp-policy?projectId=" + project, "X-Forwarded-For", "203.0.113." + i);
                if (r.status() == 429) {
                    limited++;
                    assertThat(r.code()).isEqualTo("RATE_LIMITED");
                    assertThat(r.header("Retry-After")).isNotBlank();
                }
            }
            assertThat(limited).isEqualTo(3);
            String other = Fixtures.project(api, true).id();
            assertThat(api.get("/api/auth/local/otp-policy?projectId=" + other).status()).as("per project").isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void aTrustedProxysForwardedForIsBelieved() {
        TestServer server = TestServer.dedicated("h2", Map.of("KEYWARD_IP_LIMIT_PER_MINUTE", "3",
                "KEYWARD_TRUSTED_PROXIES", "127.0.0.0/8,::1/128"));
        try {
            Api api = server.api;
            String project = Fixtures.project(api, true).id();
            for (int i = 0; i < 6; i++) {
                Resp r = api.get("/api/auth/local/otp-policy?projectId=" + project, "X-Forwarded-For", "203.0.113." + i);
                assertThat(r.status()).as("each client has its own budget").isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                api.get("/api/auth/local/otp-policy?projectId=" + project, "X-Forwarded-For", "198.51.100.7, 203.0.113.1");
            }
            assertThat(api.get("/api/auth/local/otp-policy?projectId=" + project, "X-Forwarded-For", "6.6.6.6, 203.0.113.1")
                    .status()).as("the right-most untrusted hop counts, not the client-chosen first one").isEqualTo(429);
        } finally {
            server.close();
        }
    }

    @Test
    void unitResolutionOfForwardedFor() {
        ClientIp none = new ClientIp(java.util.List.of());
        assertThat(none.resolve("10.0.0.1", "1.2.3.4")).isEqualTo("10.0.0.1");
        ClientIp trusted = new ClientIp(dev.keyward.config.Cidr.parseList("10.0.0.0/8", "X"));
        assertThat(trusted.resolve("10.0.0.1", "1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(trusted.resolve("10.0.0.1", "9.9.9.9, 1.2.3.4, 10.0.0.2")).isEqualTo("1.2.3.4");
        assertThat(trusted.resolve("192.0.2.1", "1.2.3.4")).isEqualTo("192.0.2.1");
        assertThat(trusted.resolve("10.0.0.1", "not-an-ip")).isEqualTo("10.0.0.1");
    }
}
