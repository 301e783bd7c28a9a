package dev.keyward.user;

import dev.keyward.config.Keys;
import org.mindrot.jbcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

/**
 * bcrypt(base64(HMAC-SHA-384(pepper, NFC(password)))): the pre-hash makes every password 64
 * ASCII characters, so bcrypt's 72-byte truncation never silently drops a suffix, and a
 * database dump alone cannot be attacked without the server secret. Imported plain bcrypt
 * hashes ($2a$, $2b$, $2y$) still verify and are flagged for an upgrade.
 */
public final class PasswordHasher {
    static final String PREFIX = "$kw1$";

    private final byte[] pepper;
    private final int cost;
    private final BcryptPool pool;
    private final SecureRandom random;
    private final String dummyHash;

    public PasswordHasher(Keys keys, int cost, BcryptPool pool, SecureRandom random) {
        this.pepper = keys.passwordPepper();
        this.cost = cost;
        this.pool = pool;
        this.random = random;
        this.dummyHash = PREFIX + BCrypt.hashpw(prehash("dummy password for timing"), BCrypt.gensalt(cost, random));
    }

    public record Verification(boolean matches, boolean needsUpgrade) { }

    /** 503 now if a hash would have to wait too long; see {@link BcryptPool#admit()}. */
    public void admit() {
        pool.admit();
    }

    public String hash(String password) {
        String pre = prehash(password);
        return pool.run(() -> PREFIX + BCrypt.hashpw(pre, BCrypt.gensalt(cost, random)));
    }

    public Verification verify(String password, String stored) {
        if (stored.startsWith(PREFIX)) {
            String pre = prehash(password);
            String bcrypt = stored.substring(PREFIX.length());
            boolean ok = pool.run(() -> BCrypt.checkpw(pre, bcrypt));
            return new Verification(ok, ok && costOf(bcrypt) != cost);
        }
        if (isPlainBcrypt(stored)) {
            // jBCrypt only knows $2a$; $2b$ and $2y$ compute the same hash for these inputs.
            String normalized = "$2a$" + stored.substring(4);
            String nfc = Normalizer.normalize(password, Normalizer.Form.NFC);
            boolean ok = pool.run(() -> BCrypt.checkpw(nfc, normalized));
            return new Verification(ok, ok);
        }
        return new Verification(false, false);
    }

    /** Spends the same time as a real verification, so unknown accounts cannot be told apart by timing. */
    public void verifyDummy(String password) {
        verify(password, dummyHash);
    }

    /**
     * A bcrypt hash Keyward accepts for import: $2a$, $2b$ or $2y$ with cost 04-14. Higher costs
     * are refused: one cost-30 hash would pin a bcrypt thread for hours at every login attempt.
     */
    public static boolean isPlainBcrypt(String hash) {
        return hash != null && hash.matches("\\$2[aby]\\$(0[4-9]|1[0-4])\\$[./A-Za-z0-9]{53}");
    }

    private String prehash(String password) {
        String nfc = Normalizer.normalize(password, Normalizer.Form.NFC);
        byte[] mac = Keys.hmac("HmacSHA384", pepper, nfc.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    private static int costOf(String bcrypt) {
        return Integer.parseInt(bcrypt.substring(4, 6));
    }
}
