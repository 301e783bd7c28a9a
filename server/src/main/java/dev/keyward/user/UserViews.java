package dev.keyward.user;

/** The user objects of the wire contract; register and login differ, as in Mudbase. */
public final class UserViews {
    private UserViews() {
    }

    public record RegisteredUser(String id, String email, String firstName, String lastName, boolean emailVerified,
                                 String customRole) {
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
