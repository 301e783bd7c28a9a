package dev.keyward.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code Main <openapi.yaml> <output dir> <api package> <model package>}: replaces the output
 * directory's content with freshly generated sources. Runs inside Maven (exec:java), so it
 * reports failures by throwing, never by {@code System.exit}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: Main <openapi.yaml> <output dir> <api package> <model package>");
        }
        Path spec = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<SourceFile> files;
        try {
            files = new Generator(args[2], args[3]).generate(Files.readString(spec));
        } catch (SpecException e) {
            throw new IllegalStateException(spec + ": " + e.getMessage(), e);
        }
        deleteRecursively(out);
        for (SourceFile file : files) {
            Path target = out.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.content());
        }
        System.out.println("keyward-codegen: " + files.size() + " files from " + spec + " -> " + out);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
