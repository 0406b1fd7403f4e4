package org.lisiere.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.onnx.OnnxModel;
import org.lisiere.spi.onnx.OnnxRuntime;

/** ONNX Runtime behind the ONNX SPI: one environment per process, one single-threaded session per model. */
public final class OrtRuntime implements OnnxRuntime {
    /** Public for {@link java.util.ServiceLoader}. */
    public OrtRuntime() {}

    @Override
    public OnnxModel open(String source, byte[] model) {
        OrtEnvironment environment = Environment.INSTANCE;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // The engine already calls the model from one thread per core: more threads per call would oversubscribe.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return new OrtModel(environment, environment.createSession(model, options));
        } catch (OrtException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, source + " is not an ONNX model ONNX Runtime "
                    + environment.getVersion() + " can run: " + e.getMessage());
        }
    }

    @Override
    public String version() {
        return "onnxruntime " + Environment.INSTANCE.getVersion();
    }

    /** The process's environment, created on first use, after which the extracted native libraries are removed. */
    private static final class Environment {
        static final OrtEnvironment INSTANCE = create();

        private static OrtEnvironment create() {
            OrtEnvironment environment = OrtEnvironment.getEnvironment(
                    ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "lisiere");
            removeExtractedLibraries();
            return environment;
        }

        /**
         * ONNX Runtime copies its native libraries into a new {@code onnxruntime-java*} temporary folder on every start
         * and marks the files, then the folder, for deletion at exit — which deletes the folder first, while it still
         * holds the files, and so leaves one empty folder per run. The libraries are loaded by now and a loaded library
         * may be unlinked on Linux and macOS, so the folder goes now.
         */
        private static void removeExtractedLibraries() {
            try {
                java.lang.reflect.Field field = Class.forName("ai.onnxruntime.OnnxRuntime")
                        .getDeclaredField("tempDirectory");
                field.setAccessible(true);
                if (field.get(null) instanceof Path folder && !System.getProperty("os.name").startsWith("Windows")) {
                    try (Stream<Path> files = Files.list(folder)) {
                        for (Path file : files.toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(folder);
                }
            } catch (ReflectiveOperationException | RuntimeException | IOException e) {
                // another ONNX Runtime version: at worst an empty temporary folder remains, as without this clean-up
            }
        }
    }
}
