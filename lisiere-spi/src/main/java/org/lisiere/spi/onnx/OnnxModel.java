package org.lisiere.spi.onnx;

import java.util.List;

/** An open ONNX model. Thread-safe: {@link #run} may be called from several threads at once. */
public interface OnnxModel extends AutoCloseable {
    /** The model's inputs, in the model's order. */
    List<OnnxTensor> inputs();

    /** The model's outputs, in the model's order; only {@link OnnxTensor#numeric() numeric} tensors can be run. */
    List<OnnxTensor> outputs();

    /**
     * Runs the model over {@code rows} rows.
     *
     * @param inputs one array per input, in {@link #inputs()} order, {@code rows × width} values row-major; the runtime
     *     converts them to the input's element type
     * @param outputs the names of the outputs to compute, each a numeric tensor
     * @return one array per requested output, {@code rows × width} values row-major, where {@code width} is the
     *     product of the output's dimensions after the first
     * @throws org.lisiere.spi.LisiereException {@code INVALID_ARGUMENT} when the model fails on the values
     */
    List<double[]> run(List<float[]> inputs, int rows, List<String> outputs);

    /** Releases the native session. */
    @Override
    void close();
}
