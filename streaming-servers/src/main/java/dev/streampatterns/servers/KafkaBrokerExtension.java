package dev.streampatterns.servers;

import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link EmbeddedKafkaBroker} per test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 *
 * @Test
 * void roundTrip(EmbeddedKafkaBroker broker) { ... KAFKA.bootstrapServers() ... }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the broker starts before the first test of the class
 * and stops after the last one, so tests of a class share it and should use distinct topics.
 * {@code @Nested} classes reuse the outer class's broker. Test methods and constructors may
 * declare an {@link EmbeddedKafkaBroker} parameter to receive it.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Map<String, String> extraBrokerConfig;
    private EmbeddedKafkaBroker broker;
    /** The class context that started the broker; nested classes must not stop it. */
    private String ownerContextId;

    /** An extension whose broker uses the default single-node configuration. */
    public KafkaBrokerExtension() {
        this(Map.of());
    }

    /** An extension whose broker gets extra settings, see {@link EmbeddedKafkaBroker#start(Map)}. */
    public KafkaBrokerExtension(Map<String, String> extraBrokerConfig) {
        this.extraBrokerConfig = Map.copyOf(Objects.requireNonNull(extraBrokerConfig, "extraBrokerConfig"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start(extraBrokerConfig);
            ownerContextId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(ownerContextId)) {
            try {
                broker.close();
            } finally {
                broker = null;
                ownerContextId = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }

    /** The running broker. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "No broker is running: register KafkaBrokerExtension on a static field with @RegisterExtension");
        }
        return broker;
    }

    /** Shortcut for {@code broker().bootstrapServers()}. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Shortcut for {@code broker().createTopic(name, partitions)}. */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions);
    }
}
