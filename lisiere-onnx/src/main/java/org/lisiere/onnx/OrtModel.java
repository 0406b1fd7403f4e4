package org.lisiere.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.onnx.OnnxModel;

/**
 * One ONNX Runtime session. Values cross as float (inputs) and double (outputs) and are converted to and from the
 * tensor's element type: float, double, int64, int32 and bool. A model whose batch dimension is fixed (to 1, as some
 * exporters write it) runs one batch of that size at a time.
 */
final class OrtModel implements OnnxModel {
    private static final Set<OnnxJavaType> NUMERIC = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE,
            OnnxJavaType.INT64, OnnxJavaType.INT32, OnnxJavaType.BOOL);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<org.lisiere.spi.onnx.OnnxTensor> inputs;
    private final List<org.lisiere.spi.onnx.OnnxTensor> outputs;
    private final List<OnnxJavaType> inputTypes = new ArrayList<>();
    /** The batch size the inputs fix; 0 when open. */
    private final int fixedBatch;

    OrtModel(OrtEnvironment environment, OrtSession session) throws OrtException {
        this.environment = requireNonNull(environment, "environment is null");
        this.session = requireNonNull(session, "session is null");
        this.inputs = describe(session.getInputInfo());
        this.outputs = describe(session.getOutputInfo());
        for (NodeInfo input : session.getInputInfo().values()) {
            inputTypes.add(input.getInfo() instanceof TensorInfo tensor ? tensor.type : OnnxJavaType.UNKNOWN);
        }
        this.fixedBatch = (int) Math.max(0, inputs.stream().mapToLong(i -> i.shape().isEmpty() ? 0 : i.shape().get(0))
                .max().orElse(0));
    }

    private static List<org.lisiere.spi.onnx.OnnxTensor> describe(Map<String, NodeInfo> nodes) {
        List<org.lisiere.spi.onnx.OnnxTensor> described = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            ValueInfo info = node.getInfo();
            if (info instanceof TensorInfo tensor) {
                List<Long> shape = new ArrayList<>();
                for (long dimension : tensor.getShape()) {
                    shape.add(dimension);
                }
                described.add(new org.lisiere.spi.onnx.OnnxTensor(node.getName(), typeName(tensor.onnxType), shape,
                        NUMERIC.contains(tensor.type)));
            } else {
                String kind = info.getClass().getSimpleName().replace("Info", "").toLowerCase(Locale.ROOT);
                described.add(new org.lisiere.spi.onnx.OnnxTensor(node.getName(), kind, List.of(), false));
            }
        }
        return List.copyOf(described);
    }

    /** ONNX's own name of an element type: {@code ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT} is {@code float}. */
    private static String typeName(TensorInfo.OnnxTensorType type) {
        return type.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    @Override
    public List<org.lisiere.spi.onnx.OnnxTensor> inputs() {
        return inputs;
    }

    @Override
    public List<org.lisiere.spi.onnx.OnnxTensor> outputs() {
        return outputs;
    }

    @Override
    public List<double[]> run(List<float[]> values, int rows, List<String> names) {
        if (values.size() != inputs.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs expected, got " + values.size());
        }
        int step = fixedBatch > 0 ? fixedBatch : Math.max(rows, 1);
        List<double[]> results = new ArrayList<>();
        for (int first = 0; first < rows; first += step) {
            int count = Math.min(step, rows - first);
            List<double[]> part = runBatch(values, first, count, names);
            if (count == rows) {
                return part;
            }
            for (int o = 0; o < part.size(); o++) {
                int width = part.get(o).length / count;
                if (results.size() == o) {
                    results.add(new double[width * rows]);
                }
                System.arraycopy(part.get(o), 0, results.get(o), first * width, part.get(o).length);
            }
        }
        return results;
    }

    private List<double[]> runBatch(List<float[]> values, int first, int rows, List<String> names) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                org.lisiere.spi.onnx.OnnxTensor input = inputs.get(i);
                int width = (int) input.width();
                long[] shape = input.shape().stream().mapToLong(Long::longValue).toArray();
                shape[0] = rows;
                tensors.put(input.name(), tensor(inputTypes.get(i), values.get(i), first * width, rows * width,
                        shape));
            }
            try (OrtSession.Result result = session.run(tensors, new LinkedHashSet<>(names))) {
                List<double[]> read = new ArrayList<>();
                for (String name : names) {
                    read.add(read(result.get(name).orElseThrow()));
                }
                return read;
            }
        } catch (OrtException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "ONNX Runtime failed to run the model: "
                    + e.getMessage());
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(OnnxJavaType type, float[] values, int offset, int length, long[] shape)
            throws OrtException {
        switch (type) {
            case FLOAT:
                return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values, offset, length).slice(), shape);
            case DOUBLE: {
                double[] converted = new double[length];
                for (int i = 0; i < length; i++) {
                    converted[i] = values[offset + i];
                }
                return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(converted), shape);
            }
            case INT64: {
                long[] converted = new long[length];
                for (int i = 0; i < length; i++) {
                    converted[i] = integer(values[offset + i]);
                }
                return OnnxTensor.createTensor(environment, LongBuffer.wrap(converted), shape);
            }
            case INT32: {
                int[] converted = new int[length];
                for (int i = 0; i < length; i++) {
                    converted[i] = (int) integer(values[offset + i]);
                }
                return OnnxTensor.createTensor(environment, IntBuffer.wrap(converted), shape);
            }
            case BOOL: {
                ByteBuffer converted = ByteBuffer.allocateDirect(length);
                for (int i = 0; i < length; i++) {
                    converted.put(i, (byte) (integer(values[offset + i]) != 0 ? 1 : 0));
                }
                return OnnxTensor.createTensor(environment, converted, shape, OnnxJavaType.BOOL);
            }
            default:
                throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "ONNX input of type " + type
                        + " cannot be passed; supported: float, double, int64, int32, bool");
        }
    }

    /** An integer input value; NULL (NaN) has no integer to become. */
    private static long integer(float value) {
        if (Float.isNaN(value)) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "an integer input of the ONNX model is NULL;"
                    + " ONNX has no NULL integer: filter or COALESCE the column");
        }
        return (long) value;
    }

    private static double[] read(OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalArgumentException("not a tensor: " + value.getInfo());
        }
        int count = (int) tensor.getInfo().getNumElements();
        double[] result = new double[count];
        switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer buffer = tensor.getFloatBuffer();
                for (int i = 0; i < count; i++) {
                    result[i] = buffer.get(i);
                }
            }
            case DOUBLE -> tensor.getDoubleBuffer().get(result);
            case INT64 -> {
                LongBuffer buffer = tensor.getLongBuffer();
                for (int i = 0; i < count; i++) {
                    result[i] = buffer.get(i);
                }
            }
            case INT32 -> {
                IntBuffer buffer = tensor.getIntBuffer();
                for (int i = 0; i < count; i++) {
                    result[i] = buffer.get(i);
                }
            }
            case BOOL -> {
                ByteBuffer buffer = tensor.getByteBuffer();
                for (int i = 0; i < count; i++) {
                    result[i] = buffer.get(i) != 0 ? 1 : 0;
                }
            }
            default -> throw new IllegalArgumentException("not a numeric tensor: " + tensor.getInfo());
        }
        return result;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new LisiereException(ErrorCode.INTERNAL_ERROR, "closing an ONNX Runtime session failed: "
                    + e.getMessage());
        }
    }
}
