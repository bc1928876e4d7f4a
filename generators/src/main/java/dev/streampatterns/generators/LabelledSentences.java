package dev.streampatterns.generators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The review sentences this project ships, with a human label each: the UCI "Sentiment Labelled
 * Sentences" (CC BY 4.0; Kotzias et al., KDD 2015), 1,000 sentences from each of IMDB movie reviews,
 * Yelp and Amazon, half positive and half negative. Read from the class-path resource
 * {@value #RESOURCE}, never from a path relative to the working directory.
 *
 * <p>The reviews' generator sends the IMDB sentences; the sentiment model's accuracy is measured on all
 * of them. The labels are binary: the source has no five-class labels.
 */
public final class LabelledSentences {
    public static final String RESOURCE = "/reviews/labelled-sentences.tsv";
    /** The sources, in the order of the resource. */
    public static final List<String> SOURCES = List.of("imdb", "yelp", "amazon");

    /**
     * One sentence.
     *
     * @param source   {@code imdb}, {@code yelp} or {@code amazon}
     * @param positive the human label: positive (true) or negative
     */
    public record Sentence(String source, boolean positive, String text) {
    }

    private static volatile List<Sentence> all;

    private LabelledSentences() {
    }

    /** Every sentence, in the resource's order. */
    public static List<Sentence> all() {
        List<Sentence> loaded = all;
        if (loaded == null) {
            loaded = read();
            all = loaded;
        }
        return loaded;
    }

    /** The sentences of one source, in the resource's order. */
    public static List<Sentence> of(String source) {
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("no source '" + source + "'; the sources are " + SOURCES);
        }
        return all().stream().filter(sentence -> sentence.source().equals(source)).toList();
    }

    private static List<Sentence> read() {
        try (InputStream in = LabelledSentences.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Sentence> sentences = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                if (fields.length != 3 || !(fields[1].equals("0") || fields[1].equals("1"))) {
                    throw new IllegalStateException(RESOURCE + " has a line that is not source<TAB>0|1<TAB>text: " + line);
                }
                sentences.add(new Sentence(fields[0], fields[1].equals("1"), fields[2]));
            }
            return List.copyOf(sentences);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
