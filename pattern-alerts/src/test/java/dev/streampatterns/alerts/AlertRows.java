package dev.streampatterns.alerts;

import dev.streampatterns.testkit.EventTimes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Decoded alerts for tests, at readable event times: {@code alert(12, "HIGH", 200)} is 12 s after the base. */
final class AlertRows {
    static final EventTimes TIMES = EventTimes.fromBase();

    private AlertRows() {
    }

    static Row alert(double seconds, String level, int code) {
        return RowFactory.create(TIMES.t(seconds), level, code, "code " + code + " at " + seconds + " s");
    }
}
