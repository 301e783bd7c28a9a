package dev.keyward.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * An HTTP CONNECT proxy on 127.0.0.1, inside the server, that every webhook goes through while
 * private targets are not allowed: the "special proxy that filters internal addresses" that the
 * Standard Webhooks spec recommends (like Stripe's Smokescreen), so the check and the connection
 * use the same DNS answer.
 *
 * <p>Why a proxy: java.net.http.HttpClient has no resolver or socket hook, and sending to an IP
 * literal would make TLS check the certificate against the IP. Through a proxy the client never
 * resolves the target itself (it hands the proxy the unresolved name in {@code CONNECT
 * host:port}), and TLS (SNI, certificate chain and host name) still runs end to end with the
 * receiver under the URL's host name. This tunnel resolves the name once, checks every address,
 * and connects to a checked one, so a name that resolved to a public address when the URL was
 * saved and now resolves to 169.254.169.254 (DNS rebinding) is refused with 403 at connect time.
 *
 * <p>Any local process could use this port too; it gains nothing, since the tunnel only reaches
 * public addresses that such a process can reach directly. Tunnels are capped and close after a
 * minute of silence.
 */
final class EgressTunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EgressTunnel.class);
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int IDLE_MILLIS = 60_000;
    private static final int MAX_TUNNELS = 64;
    private static final int MAX_HEADER_BYTES = 8192;

    private final EgressGuard guard;
    private final ServerSocket server;
    private final Semaphore slots = new Semaphore(MAX_TUNNELS);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-tunnel");
        t.setDaemon(true);
        return t;
    });

    EgressTunnel(EgressGuard guard) throws IOException {
        this.guard = guard;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** Routes every request of a client through this tunnel. */
    ProxySelector proxySelector() {
        return ProxySelector.of(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!slots.tryAcquire()) {
                    try (client) {
                        reply(client, "503 Service Unavailable");
                    }
                    continue;
                }
                threads.execute(() -> {
                    try (client) {
                        serve(client);
                    } catch (IOException e) {
                        LOG.debug("webhook tunnel closed: {}", e.toString());
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("webhook tunnel accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket client) throws IOException {
        client.setSoTimeout(IDLE_MILLIS);
        String[] line = requestLine(client.getInputStream()).split(" ");
        if (line.length != 3 || !line[0].equals("CONNECT") || line[1].lastIndexOf(':') < 1) {
            reply(client, "405 Method Not Allowed");
            return;
        }
        String authority = line[1];
        String host = authority.substring(0, authority.lastIndexOf(':'));
        int port;
        try {
            port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            reply(client, "400 Bad Request");
            return;
        }
        List<InetAddress> checked;
        try {
            checked = guard.resolvePublic(host);
        } catch (EgressGuard.Refused r) {
            LOG.info("webhook tunnel refused {}: {}", authority, r.getMessage());
            reply(client, "403 Forbidden");
            return;
        }
        try (Socket upstream = connect(checked, port)) {
            if (upstream == null) {
                reply(client, "502 Bad Gateway");
                return;
            }
            upstream.setSoTimeout(IDLE_MILLIS);
            reply(client, "200 Connection Established");
            threads.execute(() -> pump(client, upstream));
            pump(upstream, client);
        }
    }

    /** The first checked address that accepts, in the resolver's order; null if none does. */
    private static Socket connect(List<InetAddress> checked, int port) {
        for (InetAddress address : checked) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
                return s;
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
        return null;
    }

    /** Copies one direction until it ends, then closes both sockets so the other direction ends too. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a reset, a timeout or the other direction closing: the tunnel is over
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Reads the request head byte by byte (the client sends nothing more before our answer) and returns its first line. */
    private static String requestLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEADER_BYTES) {
                return "";
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }

    private static void reply(Socket client, String status) throws IOException {
        client.getOutputStream().write(("HTTP/1.1 " + status + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        threads.shutdownNow();
    }
}
