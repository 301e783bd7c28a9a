package dev.keyward.user;

/** An account in one project. */
public record User(String id, String projectId, String email, String emailKey, String passwordHash, String firstName,
                   String lastName, String role, String customRole, boolean emailVerified, boolean twoFactorEnabled,
                   long createdAt, long updatedAt) {
    public static final int MAX_NAME_LENGTH = 100;
}
