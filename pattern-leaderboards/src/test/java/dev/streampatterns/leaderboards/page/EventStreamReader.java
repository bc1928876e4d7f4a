package dev.streampatterns.leaderboards.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test's client of the page's event stream over real HTTP: the states it received, in order. */
final class EventStreamReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    EventStreamReader(HttpClient http, URI page) {
        response = http.sendAsync(HttpRequest.newBuilder(page.resolve("events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(lines -> lines.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
            try {
                states.add(JSON.readTree(line.substring("data: ".length())));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    /** The next state received, within {@code timeout}; fails when none comes. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode state = states.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (state == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return state;
    }

    /** Skips states until one matches, within {@code timeout} in all. */
    JsonNode until(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode state = states.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (state == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (wanted.test(state)) {
                return state;
            }
        }
    }

    /** States received and not yet taken. */
    int waiting() {
        return states.size();
    }

    @Override
    public void close() {
        response.thenAccept(lines -> lines.body().close());
        response.cancel(true);
    }
}
