package org.lisiere.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.onnx.OnnxRuntime;

class OrtRuntimeTest {
    @Test
    void isFoundAsAServiceAndNamesItsVersion() {
        OnnxRuntime runtime = ServiceLoader.load(OnnxRuntime.class).findFirst().orElseThrow();

        assertThat(runtime).isInstanceOf(OrtRuntime.class);
        assertThat(runtime.version()).isEqualTo("onnxruntime 1.28.0");
    }

    @Test
    void rejectsBytesThatAreNotAModelNamingTheSource() {
        assertThatThrownBy(() -> new OrtRuntime().open("upload 'x.onnx'", "not a model".getBytes(
                StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("upload 'x.onnx' is not an ONNX model ONNX Runtime 1.28.0 can run: ");
    }
}
