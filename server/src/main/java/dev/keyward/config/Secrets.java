package dev.keyward.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The server secret and the operator token: taken from the environment, or generated once and
 * kept in files readable only by the owner, so a restart keeps existing codes and hashes valid.
 */
public record Secrets(String secret, String adminToken, boolean adminTokenGenerated, Path adminTokenFile) {

    public static Secrets load(Config config, SecureRandom random) {
        Path dir = config.dataDir();
        String secret = config.secret().orElseGet(() -> readOrCreate(dir.resolve("secret"), random, "secret").value());
        if (config.adminToken().isPresent()) {
            return new Secrets(secret, config.adminToken().get(), false, null);
        }
        Path tokenFile = dir.resolve("admin-token");
        Stored token = readOrCreate(tokenFile, random, "admin token");
        return new Secrets(secret, token.value(), token.created(), tokenFile.toAbsolutePath());
    }

    private record Stored(String value, boolean created) { }

    private static Stored readOrCreate(Path file, SecureRandom random, String what) {
        try {
            if (Files.exists(file)) {
                String value = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (value.length() < 32) {
                    throw new ConfigException("The " + what + " file " + file.toAbsolutePath() + " is damaged (too short); remove it to generate a new one");
                }
                return new Stored(value, false);
            }
            Path parent = file.toAbsolutePath().getParent();
            if (!Files.exists(parent)) {
                try {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(parent);
                }
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String value = HexFormat.of().formatHex(bytes);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return readOrCreate(file, random, what);
            }
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new Stored(value, true);
        } catch (IOException e) {
            throw new ConfigException("Cannot read or create the " + what + " under " + file.toAbsolutePath().getParent()
                    + " (" + e.getMessage() + "); set KEYWARD_DATA_DIR to a writable directory");
        }
    }

    @Override
    public String toString() {
        return "Secrets[redacted]";
    }
}
