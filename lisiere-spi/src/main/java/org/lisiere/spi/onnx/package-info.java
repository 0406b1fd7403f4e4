/**
 * Scoring of imported ONNX models. The runtime (ONNX Runtime, native) lives in the {@code lisiere-onnx} plugin, found
 * with {@link java.util.ServiceLoader}; the core compiles {@code ML.PREDICT} of an ONNX model to calls of engine
 * functions that run the model through this interface.
 */
package org.lisiere.spi.onnx;
