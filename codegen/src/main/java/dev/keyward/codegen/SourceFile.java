package dev.keyward.codegen;

/** One generated Java file: its path under the output root (e.g. {@code dev/keyward/sdk/AuthApi.java}) and text. */
public record SourceFile(String path, String content) {
}
