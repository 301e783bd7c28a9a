package dev.keyward.http;

/** The body of a success that only says what happened: {@code {"message": ...}}. */
public record Message(String message) { }
