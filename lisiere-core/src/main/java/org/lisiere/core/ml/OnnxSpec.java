package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An imported ONNX model ({@code model_type = 'onnx'}, format 5): the model file itself and how its tensors meet SQL.
 * An input of width 1 ({@code [N]} or {@code [N, 1]}) takes a numeric column of its name, a wider one a list column of
 * that many numbers; an output of width 1 becomes a column of its name, a wider one a list column.
 *
 * @param model the bytes of the ONNX file
 * @param inputs the model's inputs, in the model's order
 * @param outputs the numeric tensor outputs that ML.PREDICT returns, in the model's order
 * @param ignored the outputs ML.PREDICT cannot return (sequences, maps, strings), described
 */
public record OnnxSpec(byte[] model, List<Port> inputs, List<Port> outputs, List<String> ignored) {
    public OnnxSpec {
        requireNonNull(model, "model is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
    }

    /**
     * One input or output.
     *
     * @param type ONNX's element type ({@code float}, {@code int64}, …)
     * @param width the number of values per row
     */
    public record Port(String name, String type, int width) {
        public Port {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            if (width < 1) {
                throw new IllegalArgumentException("width must be at least 1: " + width);
            }
        }

        /** The SQL type of one value: integers stay integers, booleans booleans. */
        String sqlType() {
            return switch (type) {
                case "int64", "int32" -> "BIGINT";
                case "bool" -> "BOOLEAN";
                default -> "DOUBLE";
            };
        }
    }

    /** The total width of the inputs: the arity of the scoring functions. */
    int inputWidth() {
        return inputs.stream().mapToInt(Port::width).sum();
    }

    /** The total width of the outputs: the number of scoring functions. */
    int outputWidth() {
        return outputs.stream().mapToInt(Port::width).sum();
    }
}
