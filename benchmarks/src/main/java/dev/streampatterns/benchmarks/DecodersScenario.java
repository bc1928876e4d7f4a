package dev.streampatterns.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.streampatterns.core.decode.DecodedColumns;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.generators.UserEventsDataset;
import dev.streampatterns.schemas.proto.UserEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Scenario 2: the protobuf decoder alone, without Kafka. {@code --events} serialised user events sit
 * in a cached Spark table of one {@code value} column; each variant decodes all of them and sums what
 * it decoded (rows, dead letters, total value, non-null ids and actions). Baseline: the generated
 * class's own {@code parseFrom} in a plain Java loop over the same bytes, on as many threads as Spark
 * has cores.
 */
final class DecodersScenario implements Scenario {
    static final String NAME = "decoders";

    /** What a decode run computed. */
    record Totals(long valid, long deadLetters, double valueSum) implements Variant.RunResult {
        @Override
        public String disagreement(Variant.RunResult other) {
            Totals baseline = (Totals) other;
            boolean same = valid == baseline.valid && deadLetters == baseline.deadLetters
                    && Math.abs(valueSum - baseline.valueSum)
                    <= UserEventsResults.RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(baseline.valueSum));
            return same ? null : this + " against " + baseline;
        }
    }

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        BenchmarkOptions options = context.options();
        List<byte[]> values = UserEventsDataset.events(options.seed(), options.events(), options.users()).stream()
                .map(UserEvent::toByteArray).toList();
        List<Row> rows = values.stream().map(v -> RowFactory.create((Object) v)).toList();
        Dataset<Row> input = context.spark().createDataFrame(rows,
                        new StructType().add(DecodedColumns.VALUE, DataTypes.BinaryType))
                .repartition(options.partitions()).persist(StorageLevel.MEMORY_ONLY());
        input.count();
        try {
            List<Variant> variants = new ArrayList<>();
            variants.add(new PlainParse(values));
            for (BenchmarkOptions.DecoderKind kind : BenchmarkOptions.DecoderKind.values()) {
                variants.add(new SparkDecode(kind, input));
            }
            return Runs.measure(context, NAME, variants);
        } finally {
            input.unpersist(true);
        }
    }

    /** The generated class's parser, in plain Java threads. */
    private static final class PlainParse implements Variant {
        private final List<byte[]> values;

        PlainParse(List<byte[]> values) {
            this.values = values;
        }

        @Override
        public String name() {
            return String.format(Locale.ROOT, "UserEvent.parseFrom, plain Java, %d threads", PlainThreads.COUNT);
        }

        @Override
        public Outcome run() throws Exception {
            long valid = 0;
            long dead = 0;
            double sum = 0;
            for (Totals part : PlainThreads.eachSlice(values, PlainParse::parse)) {
                valid += part.valid();
                dead += part.deadLetters();
                sum += part.valueSum();
            }
            return new Outcome(values.size(), new Totals(valid, dead, sum), "");
        }

        private static Totals parse(List<byte[]> slice) {
            long valid = 0;
            long dead = 0;
            double sum = 0;
            for (byte[] value : slice) {
                try {
                    UserEvent event = UserEvent.parseFrom(value);
                    valid++;
                    sum += event.getValue();
                } catch (InvalidProtocolBufferException e) {
                    dead++;
                }
            }
            return new Totals(valid, dead, sum);
        }
    }

    /** The project's decoder over the cached bytes, read back in one aggregation. */
    private static final class SparkDecode implements Variant {
        private final BenchmarkOptions.DecoderKind kind;
        private final Dataset<Row> input;

        SparkDecode(BenchmarkOptions.DecoderKind kind, Dataset<Row> input) {
            this.kind = kind;
            this.input = input;
        }

        @Override
        public String name() {
            return "ProtobufDecoder by " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", Spark";
        }

        @Override
        public Outcome run() {
            ProtobufDecoder decoder = BenchmarkContext.decoder(kind);
            Dataset<Row> decoded = decoder.decode(input).all();
            String payload = DecodedColumns.PAYLOAD + ".";
            Row totals = decoded.agg(count(when(col(DecodedColumns.ERROR).isNull(), 1)),
                    count(col(DecodedColumns.ERROR)), sum(col(payload + "value")),
                    count(col(payload + "userId")), count(col(payload + "action"))).first();
            long valid = totals.getLong(0);
            if (totals.getLong(3) != valid || totals.getLong(4) != valid) {
                throw new IllegalStateException("decoded rows without user id or action: " + totals);
            }
            return new Outcome(valid + totals.getLong(1),
                    new Totals(valid, totals.getLong(1), totals.isNullAt(2) ? 0.0 : totals.getDouble(2)),
                    String.format(Locale.ROOT, "%,d records decoded", decoder.recordsDecoded().value()));
        }
    }
}
