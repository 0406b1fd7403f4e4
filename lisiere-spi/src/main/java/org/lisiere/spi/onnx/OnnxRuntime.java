package org.lisiere.spi.onnx;

/** Opens ONNX models. Implementations are found with {@link java.util.ServiceLoader}. */
public interface OnnxRuntime {
    /**
     * Opens a model.
     *
     * @param source where the bytes come from, for error messages
     * @param model the bytes of an ONNX model file
     * @throws org.lisiere.spi.LisiereException {@code INVALID_ARGUMENT} naming {@code source} when the bytes are not a
     *     model the runtime can run
     */
    OnnxModel open(String source, byte[] model);

    /** The runtime's name and version, for the provenance of imported models. */
    String version();
}
