package dev.keyward.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client: one keep-alive connection to the server on the loopback address,
 * opened on first use and again after {@link #reset()}. Plain blocking sockets keep the
 * client's own CPU cost low (about as cheap as wrk).
 */
final class Conn implements AutoCloseable {
    static final int TIMEOUT_MS = 30_000;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[16384];
    private int pos;
    private int lim;

    Conn(int port) {
        this.port = port;
    }

    Resp get(String path) throws IOException {
        return request("GET", path, null);
    }

    Resp post(String path, String json) throws IOException {
        return request("POST", path, json);
    }

    Resp request(String method, String path, String json, String... headers) throws IOException {
        return send(method, path, "application/json", json, headers);
    }

    /** A request whose body (if not null) is of the given type, e.g. a form for an OAuth token endpoint. */
    Resp send(String method, String path, String contentType, String body, String... headers) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(TIMEOUT_MS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            pos = lim = 0;
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (body != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        out.write(all);
        out.flush();
        return readResponse();
    }

    private Resp readResponse() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        int retryAfter = 0;
        boolean chunked = false;
        boolean close = false;
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("retry-after:")) {
                retryAfter = Integer.parseInt(h.substring(12).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                int n = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) { /* trailers */ }
                    break;
                }
                read(b, n);
                line();
            }
        } else if (length > 0) {
            read(b, length);
        }
        if (close) {
            reset();
        }
        return new Resp(code, b.toString(StandardCharsets.UTF_8), retryAfter);
    }

    private void fill() throws IOException {
        lim = in.read(buf);
        pos = 0;
        if (lim < 0) {
            lim = 0;
            throw new IOException("connection closed");
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= lim) {
                fill();
            }
            byte c = buf[pos++];
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) (c & 0xff));
        }
    }

    private void read(ByteArrayOutputStream b, int n) throws IOException {
        while (n > 0) {
            if (pos >= lim) {
                fill();
            }
            int k = Math.min(n, lim - pos);
            b.write(buf, pos, k);
            pos += k;
            n -= k;
        }
    }

    /** Drops the connection; the next request opens a new one. */
    void reset() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }

    @Override
    public void close() {
        reset();
    }
}
