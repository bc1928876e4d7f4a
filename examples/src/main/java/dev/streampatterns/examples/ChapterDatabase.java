package dev.streampatterns.examples;

import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.servers.TempFolders;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The database a chapter writes to: the server its options give, once it answered, or else an
 * embedded H2 database, in a folder the run keeps ({@code --h2-dir}) or in a temporary one that
 * {@link #close()} removes with the database: what a run created goes with it.
 */
public final class ChapterDatabase implements AutoCloseable {
    public static final Setting<Optional<String>> H2_DIR = Setting.optionalString("h2-dir",
            "folder of the embedded H2 database when no database server is given, kept after the run; none: a "
                    + "temporary folder, removed at the end of the run");
    private final JdbcTarget target;
    /** The temporary H2 folder to remove at the end; null when there is none. */
    private final Path temporaryFolder;

    private ChapterDatabase(JdbcTarget target, Path temporaryFolder) {
        this.target = target;
        this.temporaryFolder = temporaryFolder;
    }

    /**
     * @param server         the database server the options give; empty: embedded H2
     * @param serverGivenBy  how a user gives the server, for the message when it does not answer
     * @param h2Dir          the embedded database's folder, kept; empty: a temporary folder
     * @param temporaryName  the start of the temporary folder's name
     * @throws CannotConnectException naming the server's options when it does not answer
     */
    public static ChapterDatabase open(Optional<JdbcTarget> server, String serverGivenBy, Optional<Path> h2Dir,
                                       String temporaryName) {
        if (server.isPresent()) {
            try {
                server.get().checkConnection();
            } catch (CannotConnectException e) {
                throw e.setBy(serverGivenBy);
            }
            return new ChapterDatabase(server.get(), null);
        }
        Path folder = h2Dir.orElseGet(() -> TempFolders.create(temporaryName));
        return new ChapterDatabase(JdbcTarget.embeddedH2(folder), h2Dir.isPresent() ? null : folder);
    }

    public JdbcTarget target() {
        return target;
    }

    /** Removes a temporary embedded database; a server's or a kept one stays. */
    @Override
    public void close() {
        if (temporaryFolder != null) {
            target.closePool();
            TempFolders.deleteRecursively(temporaryFolder);
        }
    }
}
