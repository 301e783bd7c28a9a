package dev.keyward.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path end to end: HttpClient through the egress tunnel to an https receiver.
 * The tunnel resolves the name (here to loopback, which this test's address policy allows) and
 * TLS still checks the certificate against the URL's host name: a certificate for another name fails.
 */
class WebhookSenderTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static HttpsServer receiver;
    private static SSLContext clientTrust;
    private static final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=hooks.example.test", "-ext", "SAN=dns:hooks.example.test", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        clientTrust = SSLContext.getInstance("TLS");
        clientTrust.init(null, tmf.getTrustManagers(), null);

        receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        receiver.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    private static WebhookSender sender() {
        EgressGuard toLoopback = new EgressGuard(false, host -> new InetAddress[] {InetAddress.getLoopbackAddress()},
                address -> Optional.empty());
        return new WebhookSender(toLoopback, clientTrust, WebhookSender.TIMEOUT);
    }

    @Test
    void deliversOverTlsThroughTheTunnelWithTheUrlsHostName() {
        int port = receiver.getAddress().getPort();
        try (WebhookSender sender = sender()) {
            WebhookSender.Attempt a = sender.send("https://hooks.example.test:" + port + "/k", "msg_tls", 1_700_000_000L,
                    "{}", List.of(WebhookSignature.newSecret(new java.security.SecureRandom())));
            assertThat(a.error()).isNull();
            assertThat(a.delivered()).isTrue();
            assertThat(a.status()).isEqualTo(204);
        }
        assertThat(hosts).contains("hooks.example.test:" + port + " msg_tls");
    }

    @Test
    void aCertificateForAnotherNameFailsTheAttempt() throws IOException {
        int port = receiver.getAddress().getPort();
        try (WebhookSender sender = sender()) {
            WebhookSender.Attempt a = sender.send("https://elsewhere.example.test:" + port + "/k", "msg_wrong_name",
                    1_700_000_000L, "{}", List.of(WebhookSignature.newSecret(new java.security.SecureRandom())));
            assertThat(a.delivered()).isFalse();
            assertThat(a.error()).startsWith("TLS failed");
        }
        assertThat(hosts).noneMatch(h -> h.contains("msg_wrong_name"));
    }
}
