package dev.keyward.http;

import dev.keyward.config.Cidr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client address used for rate limits and audit. X-Forwarded-For is believed only when the
 * direct peer is a trusted proxy; then the right-most address that is not itself a trusted proxy
 * wins, so a client cannot pick its own address by prepending entries.
 */
public final class ClientIp {
    private final List<Cidr> trustedProxies;

    public ClientIp(List<Cidr> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String resolve(String peer, String forwardedFor) {
        if (trustedProxies.isEmpty() || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isLiteral(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String ip) {
        InetAddress a = parse(ip);
        return a != null && trustedProxies.stream().anyMatch(c -> c.contains(a));
    }

    private static boolean isLiteral(String ip) {
        return ip.length() <= 45 && ip.matches("[0-9a-fA-F:.]+") && parse(ip) != null;
    }

    private static InetAddress parse(String ip) {
        if (ip == null || !ip.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
