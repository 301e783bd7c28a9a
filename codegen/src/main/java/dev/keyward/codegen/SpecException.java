package dev.keyward.codegen;

/** The spec uses something the generator cannot turn into Java; the message says where. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }
}
