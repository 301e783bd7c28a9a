package dev.keyward.webhook;

import dev.keyward.config.Cidr;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a webhook may reach: public unicast only. Everything a server's own network
 * can route to but the internet cannot (loopback, RFC 1918, carrier-grade NAT, link-local with
 * the cloud metadata service, unique local IPv6) and everything that is not one host (multicast,
 * reserved and documentation blocks) is refused, and so are IPv6 forms that embed such an
 * IPv4 address (6to4, NAT64, IPv4-mapped and -compatible).
 */
final class PublicAddresses {
    private record Block(Cidr cidr, String what) { }

    private static final String PRIVATE = "a private address";
    private static final String RESERVED = "a reserved address";
    private static final String DOCUMENTATION = "a documentation address";
    private static final String METADATA = "a cloud metadata address";
    private static final String LINK_LOCAL = "a link-local address";
    private static final String LOOPBACK = "a loopback address";
    private static final String MULTICAST = "a multicast address";

    private static final List<Block> BLOCKED = List.of(
            block("169.254.169.254/32", METADATA),
            block("fd00:ec2::254/128", METADATA),
            block("0.0.0.0/8", RESERVED),
            block("10.0.0.0/8", PRIVATE),
            block("100.64.0.0/10", "a carrier-grade NAT address"),
            block("127.0.0.0/8", LOOPBACK),
            block("169.254.0.0/16", LINK_LOCAL),
            block("172.16.0.0/12", PRIVATE),
            block("192.0.0.0/24", RESERVED),
            block("192.0.2.0/24", DOCUMENTATION),
            block("192.88.99.0/24", RESERVED),
            block("192.168.0.0/16", PRIVATE),
            block("198.18.0.0/15", RESERVED),
            block("198.51.100.0/24", DOCUMENTATION),
            block("203.0.113.0/24", DOCUMENTATION),
            block("224.0.0.0/4", MULTICAST),
            block("240.0.0.0/4", RESERVED),
            block("::1/128", LOOPBACK),
            block("64:ff9b:1::/48", RESERVED),
            block("100::/64", RESERVED),
            block("2001::/23", RESERVED),
            block("2001:db8::/32", DOCUMENTATION),
            block("fc00::/7", "a unique local (private) address"),
            block("fe80::/10", LINK_LOCAL),
            block("fec0::/10", "a site-local address"),
            block("ff00::/8", MULTICAST));
    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3", "webhook");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16", "webhook");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96", "webhook");
    private static final Cidr EMBEDDED_V4 = Cidr.parse("::/80", "webhook");

    private PublicAddresses() {
    }

    private static Block block(String cidr, String what) {
        return new Block(Cidr.parse(cidr, "webhook"), what);
    }

    /** Why the address is not a public one (e.g. "a loopback address"), or empty when it is. */
    static Optional<String> whyNotPublic(InetAddress address) {
        for (Block b : BLOCKED) {
            if (b.cidr().contains(address)) {
                return Optional.of(b.what());
            }
        }
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] a = address.getAddress();
        if (SIX_TO_FOUR.contains(address)) {
            return embedded(Arrays.copyOfRange(a, 2, 6), "6to4");
        }
        if (NAT64.contains(address)) {
            return embedded(Arrays.copyOfRange(a, 12, 16), "NAT64");
        }
        if (EMBEDDED_V4.contains(address)) {
            // ::/96 (IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped): never a route of their own
            return Optional.of("an IPv6 address embedding an IPv4 one");
        }
        return GLOBAL_UNICAST_V6.contains(address) ? Optional.empty() : Optional.of(RESERVED);
    }

    private static Optional<String> embedded(byte[] ipv4, String form) {
        try {
            return whyNotPublic(InetAddress.getByAddress(ipv4)).map(why -> why + " (in " + form + " form)");
        } catch (UnknownHostException e) {
            return Optional.of(RESERVED);
        }
    }
}
