package dev.streampatterns.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code SPARK_HOME} a standalone worker expects, made from jars Maven resolved: there is no Spark
 * distribution to download here. A worker starts each executor through Spark's launcher, which puts
 * {@code SPARK_HOME/jars/*} on the executor's class path; so {@code jars/} links Spark's jars, and
 * nothing else — the application ships its own classes (its jar in {@code spark.jars}).
 */
public final class SparkHome {
    private SparkHome() {
    }

    /** Makes (or remakes) {@code home} with {@code jars/} linking each of {@code sparkJars}; returns {@code home}. */
    static Path create(Path home, List<Path> sparkJars) throws IOException {
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        try (var old = Files.list(jars)) {
            for (Path link : old.toList()) {
                Files.delete(link);
            }
        }
        for (Path jar : sparkJars) {
            if (!jar.getFileName().toString().endsWith(".jar")) {
                continue;
            }
            Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
        }
        return home;
    }

    /** The jars listed in a class path file as Maven's {@code dependency:build-classpath} writes it. */
    public static List<Path> readClassPath(Path file) throws IOException {
        String text = Files.readString(file).trim();
        if (text.isEmpty()) {
            throw new IllegalStateException(file + " lists no jar");
        }
        return java.util.Arrays.stream(text.split(java.io.File.pathSeparator)).map(Path::of).toList();
    }
}
