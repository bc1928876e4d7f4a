package dev.streampatterns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The root README's "Write and test your own pattern" shows the files of examples/your-own-pattern,
 * which bin/test builds against the installed artifacts: the README must show them as they are.
 */
class ReadmeShowsTheDownstreamProjectTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PROJECT = ROOT.resolve("examples/your-own-pattern");

    @ParameterizedTest
    @ValueSource(strings = {
        "pom.xml",
        "src/main/java/com/example/clicks/ClicksPerUser.java",
        "src/main/java/com/example/clicks/WithoutBots.java",
        "src/test/java/com/example/clicks/ClicksPerUserTest.java"})
    void theReadmeShowsTheFileAsTheDownstreamBuildUsesIt(String file) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String content = Files.readString(PROJECT.resolve(file)).strip();
        assertThat(readme).as("README.md shows %s as it is", file).contains("\n" + content + "\n```");
    }
}
