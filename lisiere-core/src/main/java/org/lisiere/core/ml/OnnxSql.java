package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TableName;
import org.lisiere.spi.onnx.OnnxModel;
import org.lisiere.spi.onnx.OnnxRuntime;

/**
 * Compiles ML.PREDICT of an imported ONNX model: every input value is one FLOAT argument of Java functions that the
 * engine calls a batch at a time, one function per output value; the first runs the model through ONNX Runtime for the
 * whole batch and the others read the batch's results ({@link LastBatch}).
 */
final class OnnxSql {
    /** Open sessions by model id: a session is costly to open and serves every query of the model. */
    private static final Map<String, Scorer> SCORERS = new ConcurrentHashMap<>();

    private OnnxSql() {}

    /** The runtime of the {@code lisiere-onnx} plugin. */
    static OnnxRuntime runtime() {
        return ServiceLoader.load(OnnxRuntime.class).findFirst().orElseThrow(() -> new LisiereException(
                ErrorCode.UNSUPPORTED_OPERATION, "ONNX models need the lisiere-onnx plugin (ONNX Runtime) on the"
                        + " class path; this installation has none"));
    }

    /** The model's outputs (BigQuery ML names the columns after them), then the input columns unless not kept. */
    static String predict(ModelVersion model, OnnxSpec spec, String data, boolean keepOriginalColumns,
            Consumer<FloatFunction> register) {
        String id = model.provenance().dataFingerprint().replaceAll("[^0-9a-f]", "");
        id = id.substring(Math.max(0, id.length() - 16));
        Scorer scorer = SCORERS.computeIfAbsent(id, key -> new Scorer(spec));
        String arguments = arguments(model, spec);
        List<String> columns = new ArrayList<>();
        int first = 0;
        for (OnnxSpec.Port output : spec.outputs()) {
            List<String> values = new ArrayList<>();
            for (int k = 0; k < output.width(); k++) {
                int index = first + k;
                String name = "__lisiere_onnx_" + id + "_" + index;
                register.accept(new FloatFunction(name, spec.inputWidth(),
                        (rows, count, results) -> scorer.values(index, rows, count, results)));
                values.add("CAST(" + name + arguments + " AS " + output.sqlType() + ")");
            }
            first += output.width();
            columns.add((output.width() == 1 ? values.get(0) : "[" + String.join(", ", values) + "]") + " AS "
                    + TableName.quote(output.name()));
        }
        return "(SELECT " + String.join(", ", columns) + (keepOriginalColumns ? ", __lisiere_input.*" : "")
                + " FROM " + data + " AS __lisiere_input)";
    }

    /**
     * Every input value as a FLOAT argument: a column as is, a list column element by element after checking its
     * length (a short list would otherwise pass NULLs).
     */
    private static String arguments(ModelVersion model, OnnxSpec spec) {
        List<String> arguments = new ArrayList<>();
        for (OnnxSpec.Port input : spec.inputs()) {
            String column = "__lisiere_input." + TableName.quote(input.name());
            if (input.width() == 1) {
                arguments.add("CAST(" + column + " AS FLOAT)");
                continue;
            }
            String message = "ML.PREDICT: input '" + input.name() + "' of ONNX model '" + model.name()
                    + "' takes a list of " + input.width() + " numbers per row";
            arguments.add("CAST(CASE WHEN len(" + column + ") = " + input.width() + " THEN " + column + "[1] ELSE"
                    + " error('" + message.replace("'", "''") + "') END AS FLOAT)");
            IntStream.rangeClosed(2, input.width()).forEach(k -> arguments.add("CAST(" + column + "[" + k + "]"
                    + " AS FLOAT)"));
        }
        return arguments.stream().collect(Collectors.joining(", ", "(", ")"));
    }

    /** Runs one open model over batches of packed arguments. */
    private static final class Scorer {
        private final OnnxSpec spec;
        private final OnnxModel model;
        private final List<String> outputs;
        /** The number of arguments per row and of output values per row, summed once: read for every batch. */
        private final int arity;
        private final int stride;
        private final LastBatch last = new LastBatch();

        Scorer(OnnxSpec spec) {
            this.spec = spec;
            this.model = runtime().open("ONNX model", spec.model());
            this.outputs = spec.outputs().stream().map(OnnxSpec.Port::name).toList();
            this.arity = spec.inputWidth();
            this.stride = spec.outputWidth();
        }

        void values(int index, float[] rows, int count, double[] results) {
            double[] values = last.values(rows, count, arity, this::run);
            for (int r = 0; r < count; r++) {
                results[r] = values[r * stride + index];
            }
        }

        /** The outputs of every row, row-major: {@code outputWidth} values per row. */
        private double[] run(float[] packed, int count) {
            List<float[]> inputs = new ArrayList<>();
            int offset = 0;
            for (OnnxSpec.Port input : spec.inputs()) {
                int width = input.width();
                float[] values = new float[count * width];
                for (int r = 0; r < count; r++) {
                    System.arraycopy(packed, r * arity + offset, values, r * width, width);
                }
                inputs.add(values);
                offset += width;
            }
            List<double[]> results = model.run(inputs, count, outputs);
            double[] values = new double[count * stride];
            offset = 0;
            for (int o = 0; o < results.size(); o++) {
                int width = spec.outputs().get(o).width();
                for (int r = 0; r < count; r++) {
                    System.arraycopy(results.get(o), r * width, values, r * stride + offset, width);
                }
                offset += width;
            }
            return values;
        }
    }
}
