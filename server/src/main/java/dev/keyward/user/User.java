package dev.keyward.user;

/** An account in one project; {@code locale} is the BCP 47 tag its mail is written in, null for none. */
public record User(String id, String projectId, String email, String emailKey, String passwordHash, String firstName,
                   String lastName, String role, String customRole, boolean emailVerified, boolean twoFactorEnabled,
                   long createdAt, long updatedAt, String locale) {
    public static final int MAX_NAME_LENGTH = 100;
}
