package dev.keyward.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must satisfy: the project's minimum length (in code points, after NFC),
 * at most 256 characters, not one of the 30,000 most common passwords (zxcvbn's list), not the
 * account's email or its local part. Any other Unicode is allowed, as NIST 800-63B advises.
 */
public final class PasswordPolicy {
    public static final int MAX_LENGTH = 256;
    private static final String COMMON = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";
    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    /**
     * The one length limit for any password a request carries (set, reset or login), checked
     * before any other work so that no oversized input reaches normalisation or bcrypt.
     */
    public static Optional<String> tooLong(String password) {
        // Beyond 4 UTF-16 units per character no input can normalise back under the limit.
        if (password.length() > 4 * MAX_LENGTH || codePoints(password) > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }

    private static int codePoints(String password) {
        String nfc = Normalizer.normalize(password, Normalizer.Form.NFC);
        return nfc.codePointCount(0, nfc.length());
    }

    /** The reason this password is refused, or empty if it is acceptable. */
    public Optional<String> problem(String password, int minLength, String emailKey) {
        Optional<String> tooLong = tooLong(password);
        if (tooLong.isPresent()) {
            return tooLong;
        }
        String nfc = Normalizer.normalize(password, Normalizer.Form.NFC);
        if (nfc.codePointCount(0, nfc.length()) < minLength) {
            return Optional.of("must be at least " + minLength + " characters");
        }
        String lower = nfc.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            return Optional.of("is too common; choose a less guessable password");
        }
        if (emailKey != null && (lower.equals(emailKey) || lower.equals(emailKey.substring(0, emailKey.indexOf('@'))))) {
            return Optional.of("must not be your email address");
        }
        return Optional.empty();
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON)) {
            if (in == null) {
                throw new IllegalStateException("common password list missing from the classpath: " + COMMON);
            }
            Set<String> set = new HashSet<>(40_000);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String w = line.trim();
                if (!w.isEmpty()) {
                    set.add(w.toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
