package org.lisiere.xgboost;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * Predictions as the one flat array XGBoost's native call returns: {@link Booster#predict} turns it into one Java
 * array per row, which for a million rows is a million arrays and most of the call's time (~80 ms against ~5).
 * The native call needs the booster's handle, a private field of XGBoost4J's {@link Booster}; should a version of
 * XGBoost4J not have it, {@link #margins} is empty and the caller uses {@link Booster#predict}.
 */
final class FlatPrediction {
    /** XGBoost's option bit for raw margins (untransformed scores). */
    private static final int OUTPUT_MARGIN = 1;
    private static final Optional<VarHandle> HANDLE = handle();

    private FlatPrediction() {}

    private static Optional<VarHandle> handle() {
        try {
            return Optional.of(MethodHandles.privateLookupIn(Booster.class, MethodHandles.lookup())
                    .findVarHandle(Booster.class, "handle", long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this XGBoost4J lets {@link #margins} reach the native call. */
    static boolean available() {
        return HANDLE.isPresent();
    }

    /** Row after row, each row's output groups in order; empty when this XGBoost4J hides the booster's handle. */
    static Optional<float[]> margins(Booster booster, DMatrix data) throws XGBoostError {
        if (HANDLE.isEmpty()) {
            return Optional.empty();
        }
        long handle = (long) HANDLE.get().get(booster);
        float[][] out = new float[1][];
        if (XGBoostJNI.XGBoosterPredict(handle, data.getHandle(), OUTPUT_MARGIN, 0, out) != 0) {
            throw new XGBoostError(XGBoostJNI.XGBGetLastError());
        }
        return Optional.of(out[0]);
    }
}
