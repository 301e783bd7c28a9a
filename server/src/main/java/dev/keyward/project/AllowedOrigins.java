package dev.keyward.project;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web origins (exact {@code scheme://host[:port]}) whose pages may call a project's public
 * endpoints from a browser. Stored space-separated with a space at each end, so that
 * {@code LIKE '% origin %'} finds exactly one origin.
 */
public record AllowedOrigins(List<String> origins) {
    public static final int MAX = 20;
    public static final AllowedOrigins NONE = new AllowedOrigins(List.of());
    private static final Pattern ORIGIN = Pattern.compile(
            "https?://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+])(:[0-9]{1,5})?");

    public AllowedOrigins {
        origins = List.copyOf(origins);
    }

    public boolean allows(String origin) {
        return origins.contains(origin);
    }

    /** Why this string is not an origin, if it is not one. */
    public static Optional<String> problem(String origin) {
        var m = ORIGIN.matcher(origin);
        if (!m.matches()) {
            return Optional.of("must be an origin such as https://app.example.com or http://localhost:3000 "
                    + "(lowercase, no path, no trailing slash)");
        }
        String port = m.group(5);
        if (port != null && Integer.parseInt(port.substring(1)) > 65535) {
            return Optional.of("has a port above 65535");
        }
        return Optional.empty();
    }

    /** The column's form. */
    public String stored() {
        return " " + String.join(" ", origins) + " ";
    }

    public static AllowedOrigins fromStored(String stored) {
        return new AllowedOrigins(Arrays.stream(stored.trim().split(" ")).filter(s -> !s.isEmpty()).toList());
    }
}
