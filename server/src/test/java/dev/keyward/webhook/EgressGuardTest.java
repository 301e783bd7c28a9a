package dev.keyward.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSRF guard without KEYWARD_WEBHOOK_ALLOW_PRIVATE: https to public addresses only, names resolved and checked. */
class EgressGuardTest {
    private static final EgressGuard STRICT = new EgressGuard(false, EgressGuardTest::resolve);

    /** A resolver for names under .example.test, as an attacker's DNS would answer them; other names resolve for real. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        Map<String, String[]> zone = Map.of(
                "internal.example.test", new String[] {"10.1.2.3"},
                "metadata.example.test", new String[] {"169.254.169.254"},
                "mixed.example.test", new String[] {"93.184.216.34", "127.0.0.1"},
                "v6local.example.test", new String[] {"fd12:3456::1"},
                "public.example.test", new String[] {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"});
        if (host.endsWith(".example.test")) {
            String[] answers = zone.get(host);
            if (answers == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) {
                out[i] = InetAddress.getByName(answers[i]);
            }
            return out;
        }
        return InetAddress.getAllByName(host);
    }

    private static String problem(String url) {
        return STRICT.problem(url).orElse(null);
    }

    @Test
    void loopbackPrivateLinkLocalAndMetadataAddressesAreRefusedWithTheReason() {
        assertThat(problem("https://127.0.0.1/hook")).contains("127.0.0.1 is a loopback address");
        assertThat(problem("https://127.1.2.3:8443/hook")).contains("loopback");
        assertThat(problem("https://[::1]/hook")).contains("loopback");
        assertThat(problem("https://10.0.0.1/")).contains("a private address");
        assertThat(problem("https://172.16.5.4/")).contains("a private address");
        assertThat(problem("https://192.168.1.1/")).contains("a private address");
        assertThat(problem("https://100.64.0.1/")).contains("carrier-grade NAT");
        assertThat(problem("https://169.254.1.1/")).contains("a link-local address");
        assertThat(problem("https://[fe80::1]/")).contains("a link-local address");
        assertThat(problem("https://169.254.169.254/latest/meta-data/")).contains("a cloud metadata address");
        assertThat(problem("https://[fd00:ec2::254]/")).contains("a cloud metadata address");
        assertThat(problem("https://[fc00::1]/")).contains("unique local");
        assertThat(problem("https://0.0.0.0/")).contains("reserved");
        assertThat(problem("https://224.0.0.1/")).contains("multicast");
        assertThat(problem("https://255.255.255.255/")).contains("reserved");
        assertThat(problem("https://192.0.2.10/")).contains("documentation");
    }

    @Test
    void ipv6FormsThatEmbedAPrivateIpv4AddressAreRefused() {
        assertThat(problem("https://[::ffff:127.0.0.1]/")).contains("loopback");
        assertThat(problem("https://[::ffff:169.254.169.254]/")).contains("metadata");
        assertThat(problem("https://[2002:7f00:1::]/")).contains("loopback").contains("6to4");
        assertThat(problem("https://[64:ff9b::a9fe:a9fe]/")).contains("metadata").contains("NAT64");
        assertThat(problem("https://[::7f00:1]/")).contains("IPv4");
        assertThat(problem("https://[2001::1]/")).contains("reserved");
    }

    @Test
    void aHostNameThatResolvesToAPrivateAddressIsRefusedNamingBoth() {
        assertThat(problem("https://localhost/hook")).contains("loopback").contains("(localhost)");
        assertThat(problem("https://internal.example.test/hook")).isEqualTo(
                "must resolve to public addresses only: 10.1.2.3 is a private address (internal.example.test)");
        assertThat(problem("https://metadata.example.test/")).contains("169.254.169.254 is a cloud metadata address");
        assertThat(problem("https://mixed.example.test/")).as("one private answer among public ones is enough")
                .contains("127.0.0.1 is a loopback address");
        assertThat(problem("https://v6local.example.test/")).contains("unique local");
        assertThat(problem("https://nowhere.example.test/")).contains("resolves");
    }

    @Test
    void publicHttpsUrlsPassAndEverythingButHttpsIsRefused() {
        assertThat(problem("https://public.example.test/hooks?token=abc")).isNull();
        assertThat(problem("https://93.184.216.34:8443/")).isNull();
        assertThat(problem("https://[2606:2800:220:1:248:1893:25c8:1946]/")).isNull();
        assertThat(problem("http://public.example.test/")).isEqualTo("must be an https URL");
        assertThat(problem("ftp://public.example.test/")).isEqualTo("must be an https URL");
        assertThat(problem("https://user:pw@public.example.test/")).isEqualTo("must not contain credentials");
        assertThat(problem("https://public.example.test/#x")).isEqualTo("must not contain a fragment");
        assertThat(problem("https:///nohost")).startsWith("must name a host");
        assertThat(problem("not a url")).startsWith("must be");
        assertThat(problem("https://public.example.test/" + "a".repeat(2000))).isEqualTo("must be at most 2000 characters");
    }

    @Test
    void allowingPrivateTargetsAcceptsHttpAndLoopbackButStillOnlyHttp() {
        EgressGuard dev = new EgressGuard(true, EgressGuardTest::resolve);
        assertThat(dev.problem("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(dev.problem("https://10.0.0.1/")).isEmpty();
        assertThat(dev.problem("ftp://127.0.0.1/")).contains("must be an http or https URL");
    }
}
