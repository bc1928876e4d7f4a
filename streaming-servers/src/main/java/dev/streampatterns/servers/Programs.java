package dev.streampatterns.servers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds an installed program, such as {@code redis-server}, as a shell would: the first on the {@code PATH}. */
public final class Programs {
    private Programs() {
    }

    /** The executable {@code name} in the first folder of {@code PATH} that has one; empty when none has. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
