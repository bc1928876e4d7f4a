package dev.streampatterns.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Fresh folders under {@code java.io.tmpdir} for broker storage and checkpoints, and their removal. */
public final class TempFolders {

    private TempFolders() {
    }

    /** A new, empty folder whose name starts with {@code prefix} (unsafe characters replaced). */
    public static Path create(String prefix) {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            // Surefire points java.io.tmpdir at target/tmp, which may not exist yet.
            Files.createDirectories(tmp);
            return Files.createTempDirectory(tmp, prefix.replaceAll("[^A-Za-z0-9._-]", "_"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder " + prefix + "*", e);
        }
    }

    /** Deletes {@code root} and everything below it; a missing folder is fine. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
