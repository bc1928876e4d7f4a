package dev.streampatterns.examples.predictions;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.predictions.VaderSentimentModel;
import dev.streampatterns.predictions.server.ModelServer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Chapter 5 of the course, the model server on its own (SPEC section 7): the default sentiment model
 * behind {@code POST /sentiment} and {@code POST /sentiment/batch} on 127.0.0.1, until Ctrl-C.
 */
public final class ModelServerExample {
    static final String NAME = "chapter5-model-server";
    static final Setting<Integer> PORT = Setting.intValue("port", ModelServer.DEFAULT_PORT, 0, 65_535,
            "port of the model server on 127.0.0.1 (0: any free port; the address is printed)");

    static final Settings SETTINGS = new Settings("bin/run-example " + NAME,
            "The sentiment model over HTTP on 127.0.0.1 (SPEC section 7): POST /sentiment takes one text (plain text, "
                    + "or JSON {\"text\": ...}), POST /sentiment/batch a JSON array of texts. Runs until Ctrl-C.",
            List.of(PORT));

    private ModelServerExample() {
    }

    public static void run(String[] args) throws Exception {
        dev.streampatterns.examples.ChapterRun.enter(SETTINGS, args, NAME, (Config config) -> config.get(PORT),
                ModelServerExample::serve);
    }

    private static void serve(int port) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (ModelServer server = ModelServer.start(VaderSentimentModel.get(), port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.printf(Locale.ROOT, "Stopping: %,d text(s) predicted in %,d request(s).%n", server.predicted(),
                        server.calls());
                server.close();
                stopped.countDown();
            }, "model-server-stop"));
            System.out.printf(Locale.ROOT, "Model server on %s, model %s — Ctrl-C to stop. Try:%n"
                            + "  curl -s -X POST -H 'Content-Type: text/plain' --data 'A wonderful film.' %s/sentiment%n"
                            + "  curl -s -X POST -H 'Content-Type: application/json' --data '[\"Great acting.\", \"A dull plot.\"]' "
                            + "%s/sentiment/batch%n",
                    server.address(), VaderSentimentModel.get().describe(), server.address(), server.address());
            stopped.await();
        }
    }
}
