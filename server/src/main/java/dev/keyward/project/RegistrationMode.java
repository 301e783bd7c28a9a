package dev.keyward.project;

import java.util.Optional;

/**
 * What sign-up answers for an address that already has an account: 409 as Mudbase does
 * ("conflict"), or the same 201 as a new sign-up while the owner gets a mail ("quiet"), so that
 * sign-up cannot be used to find out who has an account.
 */
public enum RegistrationMode {
    CONFLICT("conflict"), QUIET("quiet");

    private final String wireName;

    RegistrationMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RegistrationMode> fromWire(String name) {
        for (RegistrationMode m : values()) {
            if (m.wireName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
