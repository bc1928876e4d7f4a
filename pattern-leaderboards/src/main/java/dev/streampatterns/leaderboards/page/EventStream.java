package dev.streampatterns.leaderboards.page;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page's server-sent events: every open page holds one response open, and each new state is
 * written to all of them as an event {@code boards}.
 *
 * <p>Jetty allows one write at a time on a response; a page that is still receiving the previous
 * state when the next arrives gets only the latest when its write completes (a board page needs the
 * newest state, not every state). A page that went away fails its next write and is dropped.
 */
final class EventStream {
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();

    /** Opens the event stream on {@code response} and sends it {@code current} at once. */
    void open(Response response, Callback done, String current) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Client client = new Client(response, done);
        clients.add(client);
        client.send(event(current));
    }

    /** Sends {@code state} to every open page. */
    void broadcast(String state) {
        String event = event(state);
        clients.forEach(client -> client.send(event));
    }

    /** A comment line, which keeps idle connections open through proxies and shows a closed one. */
    void keepAlive() {
        clients.forEach(client -> client.sendIfIdle(": keep-alive\n\n"));
    }

    int openPages() {
        return clients.size();
    }

    /** Ends every stream, as the server stops. */
    void closeAll() {
        clients.forEach(client -> client.end());
        clients.clear();
    }

    private static String event(String json) {
        // JSON from Jackson holds no raw line break, so one data line carries it.
        return "event: boards\ndata: " + json + "\n\n";
    }

    private final class Client {
        private final Response response;
        private final Callback done;
        private boolean writing;
        private String pending;

        Client(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        void send(String text) {
            synchronized (this) {
                if (writing) {
                    pending = text;
                    return;
                }
                writing = true;
            }
            write(text);
        }

        void sendIfIdle(String text) {
            synchronized (this) {
                if (writing) {
                    return;
                }
                writing = true;
            }
            write(text);
        }

        private void write(String text) {
            Content.Sink.write(response, false, text, Callback.from(this::written, this::failed));
        }

        private void written() {
            String next;
            synchronized (this) {
                next = pending;
                pending = null;
                if (next == null) {
                    writing = false;
                    return;
                }
            }
            write(next);
        }

        private void failed(Throwable cause) {
            clients.remove(this);
            done.failed(cause);
        }

        void end() {
            done.succeeded();
        }
    }
}
