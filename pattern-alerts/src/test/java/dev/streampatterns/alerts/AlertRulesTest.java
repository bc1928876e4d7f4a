package dev.streampatterns.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.sink.OutputFormat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules file: defaults, and an invalid rule failing at start with the rule, the field and what is accepted. */
class AlertRulesTest {
    private static final String THRESHOLD = "rule.spikes.type = threshold\n";

    private static void assertRejected(String text, String message) {
        assertThatThrownBy(() -> AlertRules.parse(text, "rules.properties"))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void theDefaultRulesAreTheSpecsCriticalRouteAndHighVolumeThreshold() {
        AlertRules rules = AlertRules.defaults();
        assertThat(rules.names()).containsExactly("critical", "highvolume");
        AlertRule critical = rules.rule("critical");
        assertThat(critical.stateful()).isFalse();
        assertThat(critical.topic()).isEqualTo("streaming.alerts.critical");
        assertThat(((CriticalRouting) critical.pattern()).levels()).containsExactly("CRITICAL");
        AlertRule highVolume = rules.rule("highvolume");
        assertThat(highVolume.stateful()).isTrue();
        assertThat(highVolume.topic()).isEqualTo("streaming.alerts.highvolume");
        assertThat(highVolume.format()).isEqualTo(OutputFormat.JSON);
        assertThat(rules.describe()).isEqualTo("critical: every alert of CRITICAL -> streaming.alerts.critical (json); "
                + "highvolume: more than 2 alerts of any level per code in 10000 ms windows, watermark 10000 ms"
                + " -> streaming.alerts.highvolume (json)");
    }

    @Test
    void omittedFieldsTakeTheirDefaultsAndValuesAreReadWithoutRegardToCase() {
        AlertRules rules = AlertRules.parse(THRESHOLD + "rule.spikes.levels = critical, High\nrule.spikes.format = CSV\n"
                + "rule.spikes.window = 1m\nrule.pages.type = ROUTE\nrule.pages.levels = any\n", "rules.properties");
        assertThat(rules.names()).containsExactly("pages", "spikes");
        assertThat(rules.rule("pages").pattern().describe()).isEqualTo("every alert of any level");
        assertThat(rules.rule("spikes").pattern().describe())
                .isEqualTo("more than 2 alerts of CRITICAL|HIGH per code in 60000 ms windows, watermark 10000 ms");
        assertThat(rules.rule("spikes").format()).isEqualTo(OutputFormat.CSV);
        assertThat(rules.rule("spikes").topic()).isEqualTo(AlertRules.DEFAULT_HIGHVOLUME_TOPIC);
        assertThat(new WindowedThreshold().keyColumn()).isEqualTo("code");
        assertThat(WindowedThreshold.DEFAULT_WINDOW).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aValueThatDoesNotParseNamesTheRuleTheFieldAndTheAcceptedValues() {
        assertRejected(THRESHOLD + "rule.spikes.window = ten seconds\n", "rules.properties: rule 'spikes', field 'window': "
                + "invalid value 'ten seconds'; accepted: a duration such as 500ms, 10s, 5m, 1h");
        assertRejected(THRESHOLD + "rule.spikes.levels = CRITICAL, SEVERE\n", "rules.properties: rule 'spikes', field "
                + "'levels': invalid value 'CRITICAL, SEVERE'; accepted: any, or one or more of CRITICAL, HIGH, ELEVATED "
                + "separated by commas");
        assertRejected(THRESHOLD + "rule.spikes.key-column = host\n", "rules.properties: rule 'spikes', field "
                + "'key-column': invalid value 'host'; accepted: code, level, message");
        assertRejected(THRESHOLD + "rule.spikes.threshold = -1\n", "rules.properties: rule 'spikes', field "
                + "'threshold': invalid value '-1'; accepted: a whole number from 0 to " + Long.MAX_VALUE);
        assertRejected(THRESHOLD + "rule.spikes.format = xml\n", "rules.properties: rule 'spikes', field 'format': "
                + "invalid value 'xml'; accepted: JSON, CSV");
        assertRejected(THRESHOLD + "rule.spikes.window = 0s\n", "rules.properties: rule 'spikes', field 'window': "
                + "'0s' is not positive; accepted: a duration of at least 1ms, such as 10s");
        assertRejected(THRESHOLD + "rule.spikes.topic = alerts high\n", "rules.properties: rule 'spikes', field 'topic': "
                + "invalid value 'alerts high'; accepted: a Kafka topic name (letters, digits, '.', '_', '-')");
    }

    @Test
    void aMissingTypeAnUnknownFieldOrAFieldOfAnotherTypeIsRejected() {
        assertRejected("rule.spikes.window = 10s\n", "rules.properties: rule 'spikes', field 'type': missing; "
                + "accepted: ROUTE, THRESHOLD");
        assertRejected(THRESHOLD + "rule.spikes.windw = 10s\n", "rules.properties: rule 'spikes', field 'windw': "
                + "unknown field; fields of a threshold rule: type, levels, key-column, window, watermark, threshold, "
                + "topic, format");
        assertRejected("rule.pages.type = route\nrule.pages.window = 10s\n", "rules.properties: rule 'pages', field "
                + "'window': does not apply to a route rule; fields of a route rule: type, levels, topic, format");
        assertRejected("alerts.spikes.type = route\n", "rules.properties: key 'alerts.spikes.type' is not a rule "
                + "field; keys look like rule.<name>.<field>, fields: type, levels, key-column, window, watermark, "
                + "threshold, topic, format");
        assertRejected("# nothing\n", "rules.properties: no rules; a rule is a set of keys rule.<name>.<field>, "
                + "at least rule.<name>.type");
    }

    @Test
    void aPatternCanBeBuiltInCodeWithTheSameChecks() {
        assertThatThrownBy(() -> new WindowedThreshold("x", List.of(), "host", Duration.ofSeconds(1), Duration.ZERO, 1))
                .hasMessage("key column 'host'; accepted: [code, level, message]");
        assertThatThrownBy(() -> new AlertRule(new CriticalRouting(), "bad topic", OutputFormat.JSON))
                .hasMessage("rule 'critical': topic 'bad topic' is not a valid Kafka topic name");
    }
}
