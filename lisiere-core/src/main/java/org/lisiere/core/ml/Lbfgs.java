package org.lisiere.core.ml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS with the orthant-wise extension for L1 penalties (OWL-QN, Andrew and Gao 2007): minimizes
 * {@code f(x) + Σ l1ⱼ |xⱼ|} for a smooth, convex {@code f}. Without L1 it is plain L-BFGS with a backtracking
 * (Armijo) line search.
 */
final class Lbfgs {
    /** Relative pseudo-gradient norm below which the optimum is reached. */
    static final double CONVERGED = 1e-8;
    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {}

    /** A smooth objective. */
    interface Objective {
        /** The value at {@code x}; writes the gradient into {@code gradient}. */
        double evaluate(double[] x, double[] gradient);
    }

    /**
     * Called after every accepted step, with the objective including the L1 term; returns true to stop there (early
     * stopping on an evaluation split).
     */
    interface Listener {
        boolean iteration(int iteration, double[] x, double value);
    }

    /** How to stop: after {@code maxIterations}, or (when {@code earlyStop}) below {@code minRelProgress}. */
    record Stopping(int maxIterations, boolean earlyStop, double minRelProgress) {}

    record Result(double[] x, double value, int iterations) {}

    static Result minimize(Objective objective, double[] start, double[] l1, Stopping stopping, Listener listener) {
        int n = start.length;
        double[] x = start.clone();
        double[] gradient = new double[n];
        double value = objective.evaluate(x, gradient) + penalty(x, l1);
        Deque<double[][]> memory = new ArrayDeque<>();
        int iteration = 0;
        while (iteration < stopping.maxIterations()) {
            double[] pseudo = pseudoGradient(x, gradient, l1);
            if (norm(pseudo) <= CONVERGED * Math.max(1, Math.abs(value))) {
                break;
            }
            double[] direction = direction(pseudo, memory);
            for (int j = 0; j < n; j++) {
                if (l1[j] > 0 && direction[j] * pseudo[j] >= 0) {
                    direction[j] = 0; // OWL-QN: never move against the pseudo-gradient's orthant
                }
            }
            double[] orthant = new double[n];
            for (int j = 0; j < n; j++) {
                orthant[j] = x[j] != 0 ? Math.signum(x[j]) : -Math.signum(pseudo[j]);
            }
            double step = memory.isEmpty() ? 1 / Math.max(1, norm(pseudo)) : 1;
            double[] nextGradient = new double[n];
            double[] next = null;
            double nextValue = value;
            for (int attempt = 0; attempt < 60; attempt++, step /= 2) {
                double[] candidate = new double[n];
                double decrease = 0;
                for (int j = 0; j < n; j++) {
                    candidate[j] = x[j] + step * direction[j];
                    if (l1[j] > 0 && candidate[j] * orthant[j] <= 0) {
                        candidate[j] = 0;
                    }
                    decrease += pseudo[j] * (candidate[j] - x[j]);
                }
                double candidateValue = objective.evaluate(candidate, nextGradient) + penalty(candidate, l1);
                if (candidateValue <= value + ARMIJO * decrease) {
                    next = candidate;
                    nextValue = candidateValue;
                    break;
                }
            }
            if (next == null) {
                break; // no descent left at machine precision: this is the optimum
            }
            double[] s = new double[n];
            double[] y = new double[n];
            double sy = 0;
            for (int j = 0; j < n; j++) {
                s[j] = next[j] - x[j];
                y[j] = nextGradient[j] - gradient[j];
                sy += s[j] * y[j];
            }
            if (sy > 1e-12 * norm(s) * norm(y)) {
                memory.addFirst(new double[][] {s, y});
                if (memory.size() > MEMORY) {
                    memory.removeLast();
                }
            }
            double progress = (value - nextValue) / Math.max(Math.abs(value), 1e-300);
            x = next;
            gradient = nextGradient;
            value = nextValue;
            iteration++;
            if (listener.iteration(iteration, x, value)
                    || stopping.earlyStop() && progress < stopping.minRelProgress()) {
                break;
            }
        }
        return new Result(x, value, iteration);
    }

    /** The two-loop recursion: {@code -H × pseudo} for the inverse Hessian approximation H. */
    private static double[] direction(double[] pseudo, Deque<double[][]> memory) {
        int n = pseudo.length;
        double[] q = new double[n];
        for (int j = 0; j < n; j++) {
            q[j] = -pseudo[j];
        }
        double[] alphas = new double[memory.size()];
        int k = 0;
        for (double[][] pair : memory) {
            double rho = 1 / dot(pair[1], pair[0]);
            alphas[k] = rho * dot(pair[0], q);
            axpy(-alphas[k], pair[1], q);
            k++;
        }
        if (!memory.isEmpty()) {
            double[][] newest = memory.getFirst();
            double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
            for (int j = 0; j < n; j++) {
                q[j] *= gamma;
            }
        }
        Iterator<double[][]> oldestFirst = memory.descendingIterator();
        k = memory.size() - 1;
        while (oldestFirst.hasNext()) {
            double[][] pair = oldestFirst.next();
            double rho = 1 / dot(pair[1], pair[0]);
            double beta = rho * dot(pair[1], q);
            axpy(alphas[k] - beta, pair[0], q);
            k--;
        }
        return q;
    }

    /** The gradient of the smooth part plus the L1 term's subgradient of least norm. */
    private static double[] pseudoGradient(double[] x, double[] gradient, double[] l1) {
        double[] pseudo = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            if (l1[j] == 0) {
                pseudo[j] = gradient[j];
            } else if (x[j] > 0) {
                pseudo[j] = gradient[j] + l1[j];
            } else if (x[j] < 0) {
                pseudo[j] = gradient[j] - l1[j];
            } else if (gradient[j] + l1[j] < 0) {
                pseudo[j] = gradient[j] + l1[j];
            } else if (gradient[j] - l1[j] > 0) {
                pseudo[j] = gradient[j] - l1[j];
            }
        }
        return pseudo;
    }

    private static double penalty(double[] x, double[] l1) {
        double sum = 0;
        for (int j = 0; j < x.length; j++) {
            sum += l1[j] * Math.abs(x[j]);
        }
        return sum;
    }

    static double dot(double[] a, double[] b) {
        return dot(a, b, 0, a.length);
    }

    /**
     * {@code Σ a[i] · b[offset + i]} for i below {@code length}, with four partial sums so that the additions of
     * consecutive elements overlap.
     */
    static double dot(double[] a, double[] b, int offset, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += a[i] * b[offset + i];
            s1 += a[i + 1] * b[offset + i + 1];
            s2 += a[i + 2] * b[offset + i + 2];
            s3 += a[i + 3] * b[offset + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[i] * b[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}
