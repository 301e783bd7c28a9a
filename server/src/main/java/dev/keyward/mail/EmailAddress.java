package dev.keyward.mail;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address in canonical form. Rule: trimmed; at most 254 characters; the local part is
 * an RFC 5322 dot-atom of ASCII characters (no quoted strings, no Unicode, so no lookalike
 * addresses); the domain is ASCII labels (use punycode for IDNs) and is lowercased. The
 * {@code key} used for lookups and uniqueness is the whole address lowercased, so
 * Alice@Example.com and alice@example.com are one account; mail goes to the stored address.
 */
public record EmailAddress(String address, String key) {
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public static Optional<EmailAddress> tryParse(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String s = input.trim();
        if (s.length() > 254 || s.length() < 3) {
            return Optional.empty();
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            return Optional.empty();
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > 64 || !LOCAL.matcher(local).matches() || !DOMAIN.matcher(domain).matches()) {
            return Optional.empty();
        }
        String address = local + "@" + domain;
        return Optional.of(new EmailAddress(address, address.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return address;
    }
}
