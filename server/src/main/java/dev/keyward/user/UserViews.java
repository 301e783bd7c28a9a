package dev.keyward.user;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The user objects of the wire contract; register and login differ, as in Mudbase. */
public final class UserViews {
    private UserViews() {
    }

    /** customRole is always present (null when unset), as in Mudbase's register answer. */
    public record RegisteredUser(String id, String email, String firstName, String lastName, boolean emailVerified,
                                 @JsonInclude(JsonInclude.Include.ALWAYS) String customRole) {
        public static RegisteredUser of(User u) {
            return new RegisteredUser(u.id(), u.email(), u.firstName(), u.lastName(), u.emailVerified(), u.customRole());
        }
    }

    public record LoginUser(String id, String email, String firstName, String lastName, String role,
                            boolean emailVerified, boolean twoFactorEnabled) {
        public static LoginUser of(User u) {
            return new LoginUser(u.id(), u.email(), u.firstName(), u.lastName(), u.role(), u.emailVerified(),
                    u.twoFactorEnabled());
        }
    }
}
