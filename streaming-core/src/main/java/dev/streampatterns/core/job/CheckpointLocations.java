package dev.streampatterns.core.job;

import dev.streampatterns.core.config.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where each query keeps its checkpoint: one folder per query name under one root. A query's
 * checkpoint is what lets a restart resume exactly where it stopped, so it is derived from the
 * query's name and never from a fixed temporary path shared by every job.
 *
 * <p>A root that is {@link #temporary() temporary} is deleted when the job closes: right for a demo
 * on an in-process broker, whose topics die with it, and wrong for a job on a real cluster.
 */
public final class CheckpointLocations {
    private final Path root;
    private final boolean temporary;

    private CheckpointLocations(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    public static CheckpointLocations under(Path root) {
        return new CheckpointLocations(root, false);
    }

    public static CheckpointLocations temporary() {
        try {
            return new CheckpointLocations(Files.createTempDirectory("streaming-patterns-checkpoints-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary checkpoint folder", e);
        }
    }

    /** The checkpoint folder of a query; the name must be usable as a folder name. */
    public Path forQuery(String queryName) {
        return root.resolve(Names.sinkOrQuery("query name", queryName));
    }

    public Path root() {
        return root;
    }

    public boolean isTemporary() {
        return temporary;
    }

    /** Deletes a temporary root and everything under it; a persistent root is left alone. */
    public void deleteIfTemporary() {
        if (!temporary || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary checkpoints under " + root, e);
        }
    }
}
