package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.Batch;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/** The rows of a training query, column by column, with a fingerprint of every value. */
record TrainingData(Schema schema, List<Object[]> columns, int rows, String fingerprint) {
    TrainingData {
        requireNonNull(schema, "schema is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(fingerprint, "fingerprint is null");
    }

    static TrainingData read(QueryResult result, TrainingMonitor monitor) {
        Schema schema = result.schema();
        List<List<Object>> values = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            values.add(new ArrayList<>());
        }
        MessageDigest digest = sha256();
        for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
            Batch batch = next.get();
            monitor.check();
            for (int r = 0; r < batch.rowCount(); r++) {
                for (int c = 0; c < schema.size(); c++) {
                    Object value = batch.column(c).get(r);
                    values.get(c).add(value);
                    digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0x1f);
                }
            }
        }
        int rows = values.isEmpty() ? 0 : values.get(0).size();
        List<Object[]> columns = values.stream().map(List::toArray).toList();
        return new TrainingData(schema, columns, rows, "sha256:" + HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
