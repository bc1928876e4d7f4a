package dev.streampatterns.examples;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.generators.EventClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The settings of a chapter whose generator stamps event times on an {@link EventClock}: how far the
 * clock moves per record ({@code --event-step}), the fraction of records sent late ({@code
 * --late-fraction}) and how late ({@code --lateness}), described in the chapter's own words.
 */
public record ChapterEventClock(Setting<Duration> step, Setting<Double> lateFraction, Setting<Duration> lateness) {

    /**
     * @param record          what the generator sends, singular ("order")
     * @param defaultStep     the clock's step per record by default
     * @param stepHint        what the default step makes of a window, for the help ("twenty orders per 5 s window")
     * @param defaultLateness how far behind the stream a late record is by default
     * @param latenessHint    what that lateness means, for the help ("within the watermark: still counted")
     */
    public static ChapterEventClock of(String record, Duration defaultStep, String stepHint, Duration defaultLateness,
                                       String latenessHint) {
        return new ChapterEventClock(
                Setting.duration("event-step", defaultStep, Duration.ofMillis(1),
                        "how far the event clock advances per " + record + " (" + stepHint + ")"),
                Setting.doubleValue("late-fraction", 0.05, 0, 1, "fraction of " + record + "s sent behind the stream"),
                Setting.duration("lateness", defaultLateness, "how far behind the stream a late " + record
                        + "'s event time is" + (latenessHint.isEmpty() ? "" : " (" + latenessHint + ")")));
    }

    /** The clock the settings give, starting at {@code start}. */
    public EventClock from(Config config, Instant start) {
        return new EventClock(start, config.get(step), config.get(lateFraction), config.get(lateness));
    }
}
