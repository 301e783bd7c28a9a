package dev.keyward.mail;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a tenant may name as its SMTP server: a hostname or an IP literal, and (unless
 * KEYWARD_SMTP_ALLOW_PRIVATE) one that resolves only to public addresses, so that a tenant admin
 * cannot make Keyward connect to, and report the banner of, a service inside the operator's network.
 */
public final class SmtpHosts {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

    private SmtpHosts() {
    }

    /** Why this is not a hostname or an IP literal, if it is not. */
    public static Optional<String> syntaxProblem(String host) {
        if (HOSTNAME.matcher(host).matches() && !host.matches("[0-9.]+") || IPV4.matcher(host).matches()
                || IPV6.matcher(host).matches() && literal(host).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("must be a hostname such as smtp.example.com, or an IP address ([...] for IPv6)");
    }

    /**
     * Why Keyward will not connect to this host, if it will not: it resolves to a loopback,
     * private, link-local or otherwise non-public address. A name that does not resolve now is
     * allowed (DNS may be down); the check is made again before every send.
     */
    public static Optional<String> addressProblem(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                return Optional.of("resolves to a non-public address (set KEYWARD_SMTP_ALLOW_PRIVATE=true to allow)");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
        }
        boolean carrierGradeNat = (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return !carrierGradeNat && (b[0] & 0xff) != 0;
    }

    private static Optional<InetAddress> literal(String bracketed) {
        try {
            return Optional.of(InetAddress.getByName(bracketed.substring(1, bracketed.length() - 1)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
