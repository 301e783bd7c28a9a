package dev.keyward.http;

/**
 * The error body for a family of paths whose clients were written for another API and expect
 * its errors (the compat profiles): status, headers and request id stay Keyward's, the body is theirs.
 */
@FunctionalInterface
public interface ErrorShape {
    Object body(ApiException e);
}
