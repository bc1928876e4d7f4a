package dev.streampatterns.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak heap used by this JVM over a measured section: the heap in use just before each garbage
 * collection (reported by the collectors' notifications, the true high points) and a sample every
 * {@value #SAMPLE_MILLIS} ms in between (for sections that end before the next collection).
 *
 * <p>It is the whole JVM's heap — the in-process broker and the Spark session included — which is
 * what a user running the pipeline the same way would have to size.
 */
final class HeapMeter implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 10;

    private final AtomicLong peak = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            record(info.getGcInfo().getMemoryUsageBeforeGc().values().stream().mapToLong(MemoryUsage::getUsed).sum());
        }
    };
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-meter");
        thread.setDaemon(true);
        return thread;
    });

    HeapMeter() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler.scheduleAtFixedRate(() -> record(usedNow()), SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts a new section: the peak is the heap in use now. */
    void reset() {
        peak.set(usedNow());
    }

    /** The highest heap use seen since {@link #reset()}, in bytes. */
    long peak() {
        record(usedNow());
        return peak.get();
    }

    private void record(long used) {
        peak.accumulateAndGet(used, Math::max);
    }

    private static long usedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                throw new IllegalStateException("heap meter listener vanished", e);
            }
        }
    }
}
