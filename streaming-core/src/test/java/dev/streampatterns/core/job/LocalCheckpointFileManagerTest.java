package dev.streampatterns.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager.CancellableFSDataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointFileManagerTest {
    @TempDir
    java.nio.file.Path dir;

    private LocalCheckpointFileManager manager() throws IOException {
        return new LocalCheckpointFileManager(new Path(dir.toUri()), new Configuration());
    }

    private Path path(String name) {
        return new Path(dir.resolve(name).toUri());
    }

    private static void write(CancellableFSDataOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private String read(LocalCheckpointFileManager manager, String name) throws IOException {
        try (FSDataInputStream in = manager.open(path(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String[] filesInDir() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aFileAppearsUnderItsNameOnlyWhenClosedAndWhole() throws IOException {
        LocalCheckpointFileManager manager = manager();
        assertThat(manager.writesLocally()).isTrue();
        CancellableFSDataOutputStream out = manager.createAtomic(path("0"), false);
        write(out, "v1\n{\"batchWatermarkMs\":0}");

        assertThat(manager.exists(path("0"))).isFalse();
        out.close();

        assertThat(read(manager, "0")).isEqualTo("v1\n{\"batchWatermarkMs\":0}");
        assertThat(filesInDir()).containsExactly("0"); // no temporary file left beside it
    }

    @Test
    void aCancelledFileLeavesNothing() throws IOException {
        LocalCheckpointFileManager manager = manager();
        CancellableFSDataOutputStream out = manager.createAtomic(path("1"), false);
        write(out, "half a batch");
        out.cancel();
        out.close(); // Spark may close what it cancelled: nothing happens

        assertThat(manager.exists(path("1"))).isFalse();
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void withoutOverwriteTheFirstWriterWinsAndTheSecondFailsWithHadoopsException() throws IOException {
        LocalCheckpointFileManager manager = manager();
        CancellableFSDataOutputStream first = manager.createAtomic(path("2"), false);
        CancellableFSDataOutputStream second = manager.createAtomic(path("2"), false);
        write(first, "first");
        write(second, "second");
        first.close();

        // HDFSMetadataLog tells a concurrent writer by this type (Hadoop's, not java.nio's).
        assertThatThrownBy(second::close).isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("2");
        assertThat(read(manager, "2")).isEqualTo("first");
        assertThat(filesInDir()).containsExactly("2");
    }

    @Test
    void withOverwriteTheLastWriterReplacesTheFile() throws IOException {
        LocalCheckpointFileManager manager = manager();
        for (String text : new String[] {"snapshot 1", "snapshot 2"}) {
            CancellableFSDataOutputStream out = manager.createAtomic(path("3.zip"), true);
            write(out, text);
            out.close();
        }
        assertThat(read(manager, "3.zip")).isEqualTo("snapshot 2");
        assertThat(filesInDir()).containsExactly("3.zip");
    }

    @Test
    void listsMakesAndDeletesDirectoriesAndKeepsFileNotFoundAsItIs() throws IOException {
        LocalCheckpointFileManager manager = manager();
        Path offsets = path("offsets");
        manager.mkdirs(new Path(offsets, "deeper"));
        for (String name : new String[] {"0", "1", "10"}) {
            CancellableFSDataOutputStream out = manager.createAtomic(new Path(offsets, name), false);
            write(out, name);
            out.close();
        }

        FileStatus[] batches = manager.list(offsets, p -> p.getName().matches("\\d+"));
        assertThat(Arrays.stream(batches).map(s -> s.getPath().getName()).sorted()).containsExactly("0", "1", "10");
        assertThat(Arrays.stream(batches).mapToLong(FileStatus::getLen).sum()).isEqualTo(4);

        manager.delete(new Path(offsets, "1"));
        manager.delete(new Path(offsets, "1")); // deleting what is gone is not an error
        assertThat(manager.exists(new Path(offsets, "1"))).isFalse();
        // Spark's callers catch FileNotFoundException by type: it must not come wrapped.
        assertThatThrownBy(() -> manager.open(new Path(offsets, "1"))).isInstanceOf(FileNotFoundException.class);
        assertThatThrownBy(() -> manager.list(path("missing"), p -> true)).isInstanceOf(FileNotFoundException.class);

        manager.delete(offsets);
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void theCheckpointDirectoryIsCreatedAndQualified() throws IOException {
        Path checkpoint = new Path(dir.resolve("query").toString()); // no scheme, as a user may give it
        Path created = new LocalCheckpointFileManager(checkpoint, new Configuration()).createCheckpointDirectory();

        assertThat(created.toUri().getScheme()).isEqualTo("file");
        assertThat(Files.isDirectory(dir.resolve("query"))).isTrue();
    }

    /** A file system of another scheme: stored on the local disk, but not Hadoop's "file". */
    public static final class OtherFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("other:///");
        }
    }

    @Test
    void anotherFileSystemKeepsSparksOwnManager() throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.other.impl", OtherFileSystem.class.getName());
        conf.setBoolean("fs.other.impl.disable.cache", true);
        LocalCheckpointFileManager manager = new LocalCheckpointFileManager(new Path("other://" + dir), conf);
        assertThat(manager.writesLocally()).isFalse();

        CancellableFSDataOutputStream out = manager.createAtomic(new Path("other://" + dir.resolve("4")), false);
        write(out, "through Spark's manager");
        out.close();
        assertThat(Files.readString(dir.resolve("4"))).isEqualTo("through Spark's manager");
    }
}
