package dev.keyward.mail;

/** The emails Keyward sends. */
public enum MailKind {
    RESET_CODE("reset_code"),
    VERIFY_EMAIL("verify_email"),
    PASSWORD_CHANGED("password_changed"),
    SIGNUP_ATTEMPT("signup_attempt");

    private final String wire;

    MailKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MailKind fromWire(String s) {
        for (MailKind k : values()) {
            if (k.wire.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
