package dev.keyward.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** An address block such as 10.0.0.0/8 or ::1/128, used to decide whose X-Forwarded-For to believe. */
public record Cidr(byte[] network, int prefix) {

    public static Cidr parse(String text, String variable) {
        String[] parts = text.trim().split("/", 2);
        try {
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new UnknownHostException(parts[0]);
            }
            byte[] addr = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : addr.length * 8;
            if (prefix < 0 || prefix > addr.length * 8) {
                throw new NumberFormatException();
            }
            return new Cidr(addr, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new ConfigException(variable + " has an invalid CIDR '" + text.trim() + "' (expected e.g. 10.0.0.0/8)");
        }
    }

    public static List<Cidr> parseList(String text, String variable) {
        List<Cidr> list = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                list.add(parse(part, variable));
            }
        }
        return List.copyOf(list);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
