package dev.streampatterns.core.http;

import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP server on 127.0.0.1 only, for what a job shows or serves next to its stream (the live page,
 * the model server): Jetty 12's core API, a bounded pool of daemon threads named after the server, one
 * acceptor and one selector. Jetty is an optional dependency of this module: a module that uses this
 * class declares {@code org.eclipse.jetty:jetty-server} itself.
 *
 * <p>Why Jetty's core API and not its servlets: Spark 4 brings {@code jakarta.servlet} 5 onto the same
 * class path, which Jetty 12's servlet layer would clash with; Spark's own Jetty is shaded away.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final String name;
    private final Server server;
    private final ServerConnector connector;

    private LoopbackHttpServer(String name, int port, int maxThreads, Handler handler) {
        this.name = Objects.requireNonNull(name, "name");
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
        threads.setName(name);
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Serves {@code handler} on 127.0.0.1:{@code port} (0: any free port) with at most {@code maxThreads}
     * threads; fails naming {@code name} and the port when it cannot listen.
     */
    public static LoopbackHttpServer start(String name, int port, int maxThreads, Handler handler) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("a port from 0 (any free port) to 65535: " + port);
        }
        LoopbackHttpServer http = new LoopbackHttpServer(name, port, maxThreads, handler);
        try {
            http.server.start();
        } catch (Exception e) {
            http.close();
            throw new IllegalStateException("the " + name + " could not listen on " + HOST + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return http;
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code path}, e.g. {@code "/"}. */
    public URI address(String path) {
        return URI.create("http://" + HOST + ":" + connector.getLocalPort() + path);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " did not stop", e);
        }
    }

    /** Answers with {@code status} and the JSON text {@code json}, as {@code application/json; charset=utf-8}. */
    public static void sendJson(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        Content.Sink.write(response, true, json, callback);
    }
}
