package dev.streampatterns.core.job;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.FileContextBasedCheckpointFileManager;
import org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager;

/**
 * Spark's checkpoint files (offset and commit logs, state store files) on the local file system,
 * written with {@code java.nio} instead of Hadoop's local file system; any other scheme (HDFS, S3,
 * ...) goes to the manager Spark would have chosen itself.
 *
 * <p>Why: without Hadoop's native library, which Spark's distribution does not ship, Hadoop's local
 * file system starts a process for what Java can do in place: {@code chmod} after creating each
 * file or directory, {@code readlink} for each file status its {@code FileContext} resolves. Writing
 * one small checkpoint file that way started 4 to 6 processes; the offset log and the commit log of
 * every micro-batch took 40-45 ms each (docs/BENCHMARKS.md, section 8), most of it those processes.
 *
 * <p>The same guarantees as Spark's default manager: a file appears whole or not at all (written to
 * a temporary file in the same directory, then renamed), and without {@code overwriteIfPossible} an
 * existing file is never replaced — the temporary file is hard-linked to its name, which fails
 * atomically when the name exists, so two queries that share a checkpoint cannot both commit one
 * batch. Like Spark's default on a local disk, nothing is forced to the device: a crash of the
 * process loses nothing that was closed, a crash of the machine can.
 *
 * <p>{@link SparkSessionFactory} sets it with {@code spark.sql.streaming.checkpointFileManagerClass};
 * Spark creates it through the {@code (Path, Configuration)} constructor, on the driver and on executors.
 */
public final class LocalCheckpointFileManager implements CheckpointFileManager {
    /** The Spark setting that names this class. */
    public static final String SPARK_SETTING = "spark.sql.streaming.checkpointFileManagerClass";

    /** {@link LocalFiles} for the local file system, Spark's own manager for any other. */
    private final CheckpointFileManager files;

    public LocalCheckpointFileManager(Path checkpoint, Configuration hadoopConf) throws IOException {
        FileSystem fs = checkpoint.getFileSystem(hadoopConf);
        this.files = fs.getUri().getScheme().equals("file")
                ? new LocalFiles(checkpoint, localFileSystem(hadoopConf))
                : sparkDefault(checkpoint, hadoopConf);
    }

    private static RawLocalFileSystem localFileSystem(Configuration hadoopConf) throws IOException {
        FileSystem raw = FileSystem.getLocal(hadoopConf).getRawFileSystem();
        if (raw instanceof RawLocalFileSystem rawLocal) {
            return rawLocal;
        }
        RawLocalFileSystem rawLocal = new RawLocalFileSystem();
        rawLocal.initialize(raw.getUri(), hadoopConf);
        return rawLocal;
    }

    /** What {@code CheckpointFileManager.create} does when no class is set. */
    private static CheckpointFileManager sparkDefault(Path path, Configuration hadoopConf) {
        try {
            return new FileContextBasedCheckpointFileManager(path, hadoopConf);
        } catch (Exception e) { // Scala declares no exceptions: this one comes undeclared
            if (e instanceof UnsupportedFileSystemException) {
                return new FileSystemBasedCheckpointFileManager(path, hadoopConf);
            }
            throw e;
        }
    }

    /** True when the checkpoint is on the local file system and this class writes it. */
    public boolean writesLocally() {
        return files instanceof LocalFiles;
    }

    @Override
    public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
        return files.createAtomic(path, overwriteIfPossible);
    }

    @Override
    public FSDataInputStream open(Path path) {
        return files.open(path);
    }

    @Override
    public FileStatus[] list(Path path, PathFilter filter) {
        return files.list(path, filter);
    }

    @Override
    public void mkdirs(Path path) {
        files.mkdirs(path);
    }

    @Override
    public boolean exists(Path path) {
        return files.exists(path);
    }

    @Override
    public void delete(Path path) {
        files.delete(path);
    }

    @Override
    public boolean isLocal() {
        return files.isLocal();
    }

    @Override
    public Path createCheckpointDirectory() {
        return files.createCheckpointDirectory();
    }

    /**
     * The local file system through {@code java.nio} for what writes (files, directories), and
     * through Hadoop's raw local file system for what reads, lists and deletes: none of these
     * starts a process.
     */
    private static final class LocalFiles implements CheckpointFileManager {
        private final Path checkpoint;
        private final RawLocalFileSystem local;

        LocalFiles(Path checkpoint, RawLocalFileSystem local) {
            this.checkpoint = checkpoint;
            this.local = local;
        }

        @Override
        public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
            java.nio.file.Path target = file(path);
            java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                return new AtomicFile(target, temp, overwriteIfPossible);
            } catch (IOException e) {
                throw rethrown(e);
            }
        }

        @Override
        public FSDataInputStream open(Path path) {
            try {
                return local.open(path);
            } catch (IOException e) {
                throw rethrown(e);
            }
        }

        @Override
        public FileStatus[] list(Path path, PathFilter filter) {
            try {
                return local.listStatus(path, filter);
            } catch (IOException e) {
                throw rethrown(e);
            }
        }

        @Override
        public void mkdirs(Path path) {
            try {
                Files.createDirectories(file(path));
            } catch (IOException e) {
                throw rethrown(e);
            }
        }

        @Override
        public boolean exists(Path path) {
            return Files.exists(file(path));
        }

        @Override
        public void delete(Path path) {
            try {
                local.delete(path, true);
            } catch (FileNotFoundException e) {
                // already gone: the contract is "delete if it exists"
            } catch (IOException e) {
                throw rethrown(e);
            }
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public Path createCheckpointDirectory() {
            Path qualified = local.makeQualified(checkpoint);
            mkdirs(qualified);
            return qualified;
        }

        private java.nio.file.Path file(Path path) {
            return local.pathToFile(path).toPath();
        }
    }

    /**
     * The exception as it is. The interface is Scala's, whose methods throw {@code IOException}
     * undeclared, and Spark's callers tell them apart by type ({@code FileNotFoundException} above
     * all): wrapping one in an unchecked exception would change what they do.
     */
    private static RuntimeException rethrown(IOException e) {
        return LocalCheckpointFileManager.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }

    /** Written to a temporary file; renamed to its name on close, deleted on cancel. */
    private static final class AtomicFile extends CancellableFSDataOutputStream {
        private final java.nio.file.Path target;
        private final java.nio.file.Path temp;
        private final boolean overwrite;
        private boolean done;

        AtomicFile(java.nio.file.Path target, java.nio.file.Path temp, boolean overwrite) throws IOException {
            super(newFile(temp));
            this.target = target;
            this.temp = temp;
            this.overwrite = overwrite;
        }

        private static OutputStream newFile(java.nio.file.Path temp) throws IOException {
            return new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
        }

        @Override
        public synchronized void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                super.close();
                if (overwrite) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    publishUnlessExists();
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        private void publishUnlessExists() throws IOException {
            try {
                Files.createLink(target, temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(target + " exists: another writer committed it first");
            } catch (UnsupportedOperationException | FileSystemException e) {
                // A file system without hard links: check, then rename, as Spark's FileSystem-based manager does.
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target + " exists: another writer committed it first");
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }

        @Override
        public synchronized void cancel() {
            if (done) {
                return;
            }
            done = true;
            try {
                underlyingStream().close();
            } catch (IOException e) {
                // the file is deleted below either way
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw rethrown(e);
            }
        }
    }
}
