package dev.keyward.config;

/** A configuration problem found at start-up; the message names the variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
