package dev.keyward.mail;

/**
 * A project's own SMTP server as stored: the password only sealed (AES-GCM under a key derived
 * from KEYWARD_SECRET, the project id as associated data), null when the server takes no login.
 */
public record ProjectSmtp(String projectId, String host, int port, String security, String username,
                          String passwordSealed, String fromName, String fromAddress, long updatedAt) {
    @Override
    public String toString() {
        return "ProjectSmtp[" + projectId + ", " + host + ":" + port + ", " + security + "]";
    }
}
