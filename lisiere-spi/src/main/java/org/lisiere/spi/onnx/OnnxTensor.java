package org.lisiere.spi.onnx;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An input or output of an ONNX model.
 *
 * @param name the name in the model graph
 * @param type the element type in ONNX's words ({@code float}, {@code int64}, …), or the kind of a value that is not a
 *     tensor ({@code sequence}, {@code map}, {@code optional})
 * @param shape the dimensions; {@code -1} where the model leaves a dimension open (the batch, usually the first)
 * @param numeric whether it is a tensor of numbers or booleans, which Lisière can pass and read
 */
public record OnnxTensor(String name, String type, List<Long> shape, boolean numeric) {
    public OnnxTensor {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
    }

    /** The number of values per row: the product of the dimensions after the first; -1 when one is open. */
    public long width() {
        long width = 1;
        for (int i = 1; i < shape.size(); i++) {
            if (shape.get(i) < 0) {
                return -1;
            }
            width *= shape.get(i);
        }
        return width;
    }

    /** How the model declares it, e.g. {@code float[?, 3]} ({@code ?} for an open dimension). */
    public String describe() {
        return type + shape.stream().map(d -> d < 0 ? "?" : d.toString())
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
