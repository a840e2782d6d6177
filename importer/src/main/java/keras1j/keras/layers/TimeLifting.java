package keras1j.keras.layers;

import java.util.Arrays;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/**
 * Lifts an op written for {@code [N, d1..dk]} to the same op applied to every step of
 * {@code [N, T, d1..dk]} (Keras {@code TimeDistributed}): ops on the last axis are unchanged, axis
 * parameters shift by one, per-axis lists gain a neutral entry for the time axis, and a 1D/2D
 * convolution or pooling becomes a 2D/3D one whose window spans one step. Ops that would mix steps
 * (global pooling, recurrence, ...) are refused. A lifted {@code Reshape} copies the number of steps
 * from its input ({@link Reshape#COPY}), as Keras 1.2.2's TimeDistributed reshapes back with the
 * input's own number of steps when it is open: every lifted op but PReLU (whose parameters are
 * tiled per step) works for any number of steps, {@code steps} may be {@link Shape#UNKNOWN}. Stateless.
 */
final class TimeLifting {
    private TimeLifting() {
    }

    /**
     * The lifted op.
     *
     * @throws UnsupportedFeatureException for an op that cannot be applied step by step this way
     */
    static Op lift(Op op, int steps) {
        if (op instanceof Dense || op instanceof Activation || op instanceof Elementwise || op instanceof Gather) {
            return op;
        } else if (op instanceof Conv c) {
            requireSpatial(op, c.spatialRank());
            int[] k = c.kernel().shape();
            return new Conv(c.kernel().reshape(prepend(1, k)), c.bias(), prepend(1, c.strides()),
                    prepend(1, c.dilations()), prepend(0, c.padsBegin()), prepend(0, c.padsEnd()), c.groups());
        } else if (op instanceof Pool p) {
            requireSpatial(op, p.kernel().length);
            return new Pool(p.kind(), prepend(1, p.kernel()), prepend(1, p.strides()), prepend(0, p.padsBegin()),
                    prepend(0, p.padsEnd()));
        } else if (op instanceof Pad p) {
            return new Pad(insert(p.begin(), 0), insert(p.end(), 0));
        } else if (op instanceof Crop c) {
            return new Crop(insert(c.begin(), 0), insert(c.end(), 0));
        } else if (op instanceof Upsample u) {
            return new Upsample(insert(u.factors(), 1));
        } else if (op instanceof Softmax s) {
            return new Softmax(s.axis() + 1);
        } else if (op instanceof ChannelAffine a) {
            return new ChannelAffine(a.axis() + 1, a.scale(), a.shift());
        } else if (op instanceof Concat c) {
            return new Concat(c.axis() + 1);
        } else if (op instanceof Reshape r) {
            // the time axis is copied from the input: the lifted reshape works for any number of steps
            return new Reshape(prepend(Reshape.COPY, r.sampleShape()));
        } else if (op instanceof Transpose t) {
            int[] perm = new int[t.perm().length + 1];
            perm[1] = 1;
            for (int i = 1; i < t.perm().length; i++) {
                perm[i + 1] = t.perm()[i] + 1;
            }
            return new Transpose(perm);
        } else if (op instanceof PRelu p) {
            if (steps == Shape.UNKNOWN) {
                throw new UnsupportedFeatureException("PReLU inside TimeDistributed needs a known number of steps "
                        + "(its parameters are repeated per step); give the input shape (ImportOptions.withInputShape)");
            }
            float[] a = p.alpha().data();
            float[] tiled = new float[a.length * steps];
            for (int s = 0; s < steps; s++) {
                System.arraycopy(a, 0, tiled, s * a.length, a.length);
            }
            return new PRelu(Tensor.of(tiled, prepend(steps, p.alpha().shape())));
        }
        throw new UnsupportedFeatureException("op " + op.opName() + " cannot be applied inside TimeDistributed");
    }

    private static void requireSpatial(Op op, int rank) {
        if (rank > 2) {
            throw new UnsupportedFeatureException(op.opName() + " with " + rank
                    + " spatial axes cannot be applied inside TimeDistributed (at most 2)");
        }
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** {@code values} (one per axis, batch first) with {@code neutral} inserted for the time axis. */
    private static int[] insert(int[] values, int neutral) {
        int[] out = Arrays.copyOf(values, values.length + 1);
        out[1] = neutral;
        System.arraycopy(values, 1, out, 2, values.length - 1);
        return out;
    }
}
