package dev.keyward.webhook;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tunnel resolves the CONNECT target itself, checks every address, and connects to a checked
 * one: a name whose answer changes after the save-time check (DNS rebinding) is refused at connect time.
 */
class EgressTunnelTest {
    private HttpServer receiver;
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = "reached".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** Sends CONNECT, then (if the tunnel opened) a GET through it; returns the CONNECT status line and what came back. */
    private String[] connectAndGet(EgressTunnel tunnel, String authority) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            in.readLine();
            if (!status.contains(" 200 ")) {
                return new String[] {status, null};
            }
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder response = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                response.append(line).append('\n');
            }
            return new String[] {status, response.toString()};
        }
    }

    @Test
    void connectsToTheAddressItResolvedAndChecked() throws IOException {
        EgressGuard guard = new EgressGuard(false, host -> new InetAddress[] {InetAddress.getLoopbackAddress()},
                address -> Optional.empty());
        try (EgressTunnel tunnel = new EgressTunnel(guard)) {
            String[] result = connectAndGet(tunnel, "receiver.test:" + receiver.getAddress().getPort());
            assertThat(result[0]).startsWith("HTTP/1.1 200");
            assertThat(result[1]).contains("HTTP/1.1 200").contains("reached");
            assertThat(received).hasValue(1);
        }
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheSaveTimeCheckIsRefusedAtConnectTime() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        EgressGuard guard = new EgressGuard(false, host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")});
        int port = receiver.getAddress().getPort();
        assertThat(guard.problem("https://rebind.test:" + port + "/hook")).as("the save-time check saw a public address").isEmpty();
        try (EgressTunnel tunnel = new EgressTunnel(guard)) {
            String[] result = connectAndGet(tunnel, "rebind.test:" + port);
            assertThat(result[0]).startsWith("HTTP/1.1 403");
            assertThat(received).as("nothing reached the loopback receiver").hasValue(0);
            assertThat(connectAndGet(tunnel, "127.0.0.1:" + port)[0]).startsWith("HTTP/1.1 403");
            assertThat(connectAndGet(tunnel, "[::1]:" + port)[0]).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void anythingButConnectIsRefused() throws IOException {
        try (EgressTunnel tunnel = new EgressTunnel(new EgressGuard(false, InetAddress::getAllByName));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET http://127.0.0.1/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine())
                    .startsWith("HTTP/1.1 405");
        }
    }
}
