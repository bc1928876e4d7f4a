package dev.streampatterns.testkit;

import dev.streampatterns.core.job.DefaultLogLevel;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps a test run that has no logging configuration of its own at WARN, from before the first
 * test class is loaded: a test class that builds a Spark type in a field initialiser starts Spark's
 * logging (at INFO, with its own defaults) before it ever asks for a session. A run with a logging
 * configuration keeps it ({@link DefaultLogLevel}).
 *
 * <p>The JUnit Platform launcher finds it through {@code META-INF/services}, so a user registers nothing.
 */
public final class QuietSparkLogs implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        DefaultLogLevel.applyUnlessConfigured("WARN");
    }
}
