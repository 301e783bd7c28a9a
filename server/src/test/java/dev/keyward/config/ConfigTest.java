package dev.keyward.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @Test
    void noConfigurationAtAllGivesTheEmbeddedDefaults() {
        Config c = Config.fromEnvironment(Map.of());
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.dbUrl()).startsWith("jdbc:h2:file:").contains("data");
        assertThat(c.smtp()).isEmpty();
        assertThat(c.bcryptCost()).isEqualTo(10);
        assertThat(c.publicUrl()).isEqualTo("http://localhost:9000");
        assertThat(c.ipLimitPerMinute()).isEqualTo(120);
        assertThat(c.webhookAllowPrivate()).as("the webhook SSRF guard is on unless switched off").isFalse();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KEYWARD_PORT");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_BCRYPT_COST", "3")))
                .hasMessageContaining("KEYWARD_BCRYPT_COST");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_DB_URL", "mysql://x")))
                .hasMessageContaining("KEYWARD_DB_URL");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_SMTP_HOST", "h", "KEYWARD_SMTP_SECURITY", "ssl")))
                .hasMessageContaining("KEYWARD_SMTP_SECURITY");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_TRUSTED_PROXIES", "10.0.0.0/99")))
                .hasMessageContaining("KEYWARD_TRUSTED_PROXIES");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_PUBLIC_URL", "ftp://x")))
                .hasMessageContaining("KEYWARD_PUBLIC_URL");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_WEBHOOK_ALLOW_PRIVATE", "yes")))
                .hasMessageContaining("KEYWARD_WEBHOOK_ALLOW_PRIVATE");
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_WEBHOOK_ALLOW_PRIVATE", "true")).webhookAllowPrivate()).isTrue();
    }

    @Test
    void theDevMailboxRunsOnlyWithTheEmbeddedDefaultOrWhenAskedForByName() {
        assertThat(Config.fromEnvironment(Map.of()).devMailbox()).as("H2 default, no SMTP").isTrue();
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_SMTP_HOST", "smtp.example.com")).devMailbox()).isFalse();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_DB_URL", "jdbc:postgresql://h/db")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KEYWARD_SMTP_HOST").hasMessageContaining("KEYWARD_DEV_MAILBOX");
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_DB_URL", "jdbc:postgresql://h/db", "KEYWARD_DEV_MAILBOX", "true"))
                .devMailbox()).isTrue();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_DEV_MAILBOX", "yes")))
                .hasMessageContaining("KEYWARD_DEV_MAILBOX");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_DEV_MAILBOX", "true", "KEYWARD_SMTP_HOST", "h")))
                .hasMessageContaining("KEYWARD_DEV_MAILBOX").hasMessageContaining("KEYWARD_SMTP_HOST");
    }

    @Test
    void theMailLeaseIsAMinuteByDefaultAndNeverShorterThanOneSmtpExchange() {
        assertThat(Config.fromEnvironment(Map.of()).mailLeaseMillis()).isEqualTo(60_000);
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_SMTP_TIMEOUT_MS", "20000")).mailLeaseMillis())
                .as("4 timeouts and 10 s").isEqualTo(90_000);
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_SMTP_TIMEOUT_MS", "2000", "KEYWARD_MAIL_LEASE_MS", "18000"))
                .mailLeaseMillis()).isEqualTo(18_000);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_MAIL_LEASE_MS", "30000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KEYWARD_MAIL_LEASE_MS")
                .hasMessageContaining("50000");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_MAIL_LEASE_MS", "soon")))
                .hasMessageContaining("KEYWARD_MAIL_LEASE_MS");
    }

    @Test
    void smtpSecurityIsValidatedEvenWithoutAnSmtpHost() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KEYWARD_SMTP_SECURITY", "ssl")))
                .hasMessageContaining("KEYWARD_SMTP_SECURITY");
    }

    @Test
    void thePublicUrlFollowsThePort() {
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_PORT", "19000")).publicUrl()).isEqualTo("http://localhost:19000");
        assertThat(Config.fromEnvironment(Map.of("KEYWARD_PORT", "19000", "KEYWARD_PUBLIC_URL", "https://auth.example.com/"))
                .publicUrl()).isEqualTo("https://auth.example.com");
    }

    @Test
    void emptyDatabasePasswordIsAllowed() {
        Config c = Config.fromEnvironment(Map.of("KEYWARD_DB_URL", "jdbc:postgresql://h/db", "KEYWARD_DB_PASSWORD", "",
                "KEYWARD_SMTP_HOST", "smtp.example.com"));
        assertThat(c.isPostgres()).isTrue();
        assertThat(c.dbPassword()).isEmpty();
    }

    @Test
    void cidrMatchesByPrefix() throws Exception {
        Cidr c = Cidr.parse("10.1.0.0/16", "X");
        assertThat(c.contains(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(c.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(Cidr.parse("::1", "X").contains(InetAddress.getByName("::1"))).isTrue();
    }
}
