package dev.streampatterns.core.job;

import dev.streampatterns.core.config.ConfigException;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;

/**
 * The log level of an application that has no logging configuration of its own, set before Spark
 * starts.
 *
 * <p>Why before: when log4j 2 runs on its built-in default configuration (no {@code log4j2*.xml} or
 * {@code .properties} on the class path), Spark replaces it with its own defaults at INFO the first
 * time it logs, and a test or a small job then prints some forty lines of context start-up before
 * anything of its own; {@code SparkContext.setLogLevel} comes too late for those. Spark leaves a
 * configuration alone once the root level differs from log4j's default, so setting the root level
 * here, first, keeps the application at this level from its first line. If Spark got there first
 * (any use of a Spark SQL type can start its logging), its defaults are replaced by this level too:
 * they are Spark's choice, not the application's.
 *
 * <p>An application with a configuration of its own, or on another logging backend, is never touched.
 */
public final class DefaultLogLevel {

    private DefaultLogLevel() {
    }

    /**
     * Sets the root level to {@code level} if log4j 2 runs on its built-in default configuration or
     * on Spark's defaults; otherwise does nothing.
     *
     * @return whether the level was set
     * @throws ConfigException if {@code level} is not a log4j level name
     */
    public static boolean applyUnlessConfigured(String level) {
        Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
        if (parsed == null) {
            throw new ConfigException("Unknown log level '" + level
                    + "'; accepted: OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL");
        }
        try {
            if (LogManager.getContext(false) instanceof LoggerContext context
                    && isNotTheApplications(context.getConfiguration())) {
                context.getConfiguration().getRootLogger().setLevel(parsed);
                context.updateLoggers();
                return true;
            }
            return false;
        } catch (LinkageError noLog4jCore) {
            // Spark without log4j-core (another slf4j backend): its logging is not ours to set.
            return false;
        }
    }

    private static boolean isNotTheApplications(Configuration configuration) {
        if (configuration instanceof DefaultConfiguration) {
            return true;
        }
        // Spark loads org/apache/spark/log4j2-defaults.properties (or its pattern-layout variant).
        String location = configuration.getConfigurationSource().getLocation();
        return location != null && location.contains("org/apache/spark/log4j2");
    }
}
