package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.onnx.OnnxModel;
import org.lisiere.spi.onnx.OnnxTensor;

/**
 * {@code CREATE MODEL m OPTIONS (model_type = 'onnx', model_path = 'file')}: checks that ONNX Runtime opens the file,
 * that every input is a numeric tensor with a fixed number of values per row, and runs the model once on a row of
 * zeros to learn the width of every numeric output. Outputs that are not numeric tensors (scikit-learn's ZipMap
 * sequences of maps, strings) are listed as ignored.
 */
final class OnnxImport {
    private OnnxImport() {}

    static ModelImport.Imported of(String name, String path, byte[] bytes, OptionValue pathOption,
            Map<String, String> effective) {
        String source = "CREATE MODEL " + name + ": model_path '" + path + "'";
        List<OnnxSpec.Port> inputs = new ArrayList<>();
        List<OnnxSpec.Port> outputs = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        try (OnnxModel model = open(source, bytes, pathOption)) {
            for (OnnxTensor input : model.inputs()) {
                inputs.add(new OnnxSpec.Port(input.name(), input.type(), inputWidth(source, input, pathOption)));
            }
            List<OnnxTensor> numeric = new ArrayList<>();
            for (OnnxTensor output : model.outputs()) {
                if (output.numeric() && !output.shape().isEmpty()) {
                    numeric.add(output);
                } else {
                    ignored.add(output.name() + " (" + output.describe() + ")");
                }
            }
            if (numeric.isEmpty()) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, source + " has no output ML.PREDICT can"
                        + " return: its outputs are " + String.join(", ", ignored) + "; Lisière reads tensors of"
                        + " numbers or booleans (convert scikit-learn classifiers with zipmap=False)",
                        pathOption.token().position());
            }
            List<float[]> zeros = inputs.stream().map(i -> new float[i.width()]).toList();
            List<double[]> results = model.run(zeros, 1, numeric.stream().map(OnnxTensor::name).toList());
            for (int o = 0; o < numeric.size(); o++) {
                outputs.add(new OnnxSpec.Port(numeric.get(o).name(), numeric.get(o).type(), results.get(o).length));
            }
        }
        OnnxSpec spec = new OnnxSpec(bytes, inputs, outputs, ignored);
        Trained trained = new Trained(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Map.of(), 0,
                0, List.of(), "", List.of(), List.of());
        String summary = "inputs " + describe(inputs) + "; outputs " + describe(outputs)
                + (ignored.isEmpty() ? "" : "; ignored " + String.join(", ", ignored));
        return new ModelImport.Imported(trained, effective, ModelImport.fingerprint(bytes), summary,
                Optional.of(spec));
    }

    private static OnnxModel open(String source, byte[] bytes, OptionValue pathOption) {
        try {
            return OnnxSql.runtime().open(source, bytes);
        } catch (LisiereException e) {
            throw new LisiereException(e.code(), e.getMessage(), pathOption.token().position());
        }
    }

    /** The values per row of an input, which must be a numeric tensor whose dimensions after the batch are fixed. */
    private static int inputWidth(String source, OnnxTensor input, OptionValue pathOption) {
        String why = null;
        if (!input.numeric()) {
            why = "is " + input.describe() + "; Lisière passes float, double, int64, int32 and bool tensors";
        } else if (input.shape().isEmpty()) {
            why = "is a scalar; Lisière passes one row per batch entry, so the first dimension must be the batch";
        } else if (input.width() < 1) {
            why = "is " + input.describe() + "; its dimensions after the batch must be fixed";
        } else if (input.shape().get(0) > 1) {
            why = "is " + input.describe() + ": a fixed batch of " + input.shape().get(0) + " rows; the first"
                    + " dimension must be open (?) or 1";
        }
        if (why != null) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, source + " cannot be scored: input '"
                    + input.name() + "' " + why, pathOption.token().position());
        }
        return (int) input.width();
    }

    private static String describe(List<OnnxSpec.Port> ports) {
        return ports.stream().map(p -> p.name() + " " + p.type() + (p.width() == 1 ? "" : "[" + p.width() + "]"))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
