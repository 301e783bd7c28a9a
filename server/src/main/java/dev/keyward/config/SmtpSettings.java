package dev.keyward.config;

/** Where outgoing mail goes; absent from {@link Config} when the dev mailbox is used. */
public record SmtpSettings(String host, int port, String username, String password, Security security) {
    public enum Security { NONE, STARTTLS, TLS }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", security=" + security + "]";
    }
}
