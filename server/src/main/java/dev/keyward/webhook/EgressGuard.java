package dev.keyward.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SSRF guard for webhook URLs: https only, no credentials, and a host whose every address
 * is public. Checked when a URL is saved and again when a delivery connects (see
 * {@link EgressTunnel}). {@code KEYWARD_WEBHOOK_ALLOW_PRIVATE=true} lifts it for development
 * and tests: http and private targets are then allowed.
 */
public final class EgressGuard {
    public static final int MAX_URL_LENGTH = 2000;

    /** Name resolution, replaceable in tests (a name that resolves to a private address, or that changes its answer). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL or address the guard refuses; the message says why, for the 400 and the delivery's last error. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final boolean allowPrivate;
    private final Resolver resolver;
    private final Function<InetAddress, Optional<String>> addressPolicy;

    EgressGuard(boolean allowPrivate, Resolver resolver, Function<InetAddress, Optional<String>> addressPolicy) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.addressPolicy = addressPolicy;
    }

    public EgressGuard(boolean allowPrivate, Resolver resolver) {
        this(allowPrivate, resolver, PublicAddresses::whyNotPublic);
    }

    public static EgressGuard system(boolean allowPrivate) {
        return new EgressGuard(allowPrivate, InetAddress::getAllByName);
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Why this URL may not be a webhook target, or empty when it may. */
    public Optional<String> problem(String url) {
        try {
            target(url);
            return Optional.empty();
        } catch (Refused r) {
            return Optional.of(r.getMessage());
        }
    }

    /** The URL, once its form and (unless private targets are allowed) every address of its host are checked. */
    public URI target(String url) throws Refused {
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("must be a valid URL (a host name in ASCII or punycode)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw new Refused(allowPrivate ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getPort() == 0) {
            throw new Refused("must name a host (and a port between 1 and 65535, if any)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not contain a fragment");
        }
        if (!allowPrivate) {
            resolvePublic(uri.getHost());
        }
        return uri;
    }

    /** Every address the host resolves to, each one checked; refused if any is not public. */
    public List<InetAddress> resolvePublic(String host) throws Refused {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new Refused("must name a host that resolves (" + name + " does not)");
        }
        if (all == null || all.length == 0) {
            throw new Refused("must name a host that resolves (" + name + " does not)");
        }
        for (InetAddress a : all) {
            Optional<String> why = addressPolicy.apply(a);
            if (why.isPresent()) {
                String literal = a.getHostAddress();
                throw new Refused("must resolve to public addresses only: " + literal + " is " + why.get()
                        + (name.equalsIgnoreCase(literal) ? "" : " (" + name + ")"));
            }
        }
        return List.of(all);
    }
}
