package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.servers.TestServers;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The three databases the JDBC tests run against, as arguments of a parameterized test: name, target. */
public final class JdbcTestTargets {
    private JdbcTestTargets() {
    }

    /** PostgreSQL and MariaDB as {@code bin/test} started them, and an embedded H2 under {@code h2Folder}. */
    public static Stream<Arguments> all(Path h2Folder) {
        TestServers.Database pg = TestServers.postgres();
        TestServers.Database maria = TestServers.mariadb();
        return Stream.of(
                Arguments.of("postgresql", JdbcTarget.of(pg.url(), pg.user(), pg.password())),
                Arguments.of("mariadb", JdbcTarget.of(maria.url(), maria.user(), maria.password())),
                Arguments.of("h2", JdbcTarget.embeddedH2(h2Folder)));
    }
}
