package dev.keyward.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The network a client address stands for: an IPv4 address itself, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64 and can pick any address in it).
 */
public final class ClientNetwork {
    private ClientNetwork() {
    }

    public static String of(String ip) {
        if (ip == null || !ip.matches("[0-9a-fA-F:.%a-zA-Z0-9]{1,64}") || !ip.contains(":")) {
            return String.valueOf(ip);
        }
        try {
            InetAddress a = InetAddress.getByName(ip);
            if (!(a instanceof Inet6Address)) {
                return a.getHostAddress();
            }
            byte[] b = a.getAddress();
            return HexFormat.of().formatHex(b, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return ip;
        }
    }
}
