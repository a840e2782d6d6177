package keras1j.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/**
 * A deliberately naive IR interpreter for tests, written straight from the op Javadoc: every output
 * element is computed from its full index in double precision. Slow; small graphs only. Independent
 * of the lowering code under test.
 */
final class NaiveReference {
    private NaiveReference() {
    }

    /** Every value of {@code graph} (inputs and nodes) for {@code inputs}. */
    static Map<String, Tensor> evaluate(Graph graph, Map<String, Tensor> inputs) {
        Map<String, Tensor> values = new HashMap<>(inputs);
        for (Node n : graph.nodes()) {
            List<Tensor> in = new ArrayList<>();
            for (String i : n.inputs()) {
                in.add(values.get(i));
            }
            values.put(n.name(), apply(n.op(), in));
        }
        return values;
    }

    static Tensor apply(Op op, List<Tensor> in) {
        Tensor x = in.get(0);
        int[] xs = x.shape();
        int rank = xs.length;
        if (op instanceof Conv c) {
            int r = c.spatialRank();
            Tensor k = c.kernel();
            int cg = k.dim(-2);
            int coutPerGroup = c.outChannels() / c.groups();
            int[] out = xs.clone();
            for (int a = 0; a < r; a++) {
                int eff = (k.dim(a) - 1) * c.dilations()[a] + 1;
                out[a + 1] = (xs[a + 1] + c.padsBegin()[a] + c.padsEnd()[a] - eff) / c.strides()[a] + 1;
            }
            out[r + 1] = c.outChannels();
            int[] window = c.kernelSize();
            return build(out, idx -> {
                int co = idx[r + 1];
                int g = co / coutPerGroup;
                double sum = c.bias() == null ? 0 : c.bias()[co];
                for (int[] j : positions(window)) {
                    int[] q = new int[rank];
                    q[0] = idx[0];
                    boolean inside = true;
                    for (int a = 0; a < r; a++) {
                        q[a + 1] = idx[a + 1] * c.strides()[a] + j[a] * c.dilations()[a] - c.padsBegin()[a];
                        inside &= q[a + 1] >= 0 && q[a + 1] < xs[a + 1];
                    }
                    if (!inside) {
                        continue;
                    }
                    for (int ci = 0; ci < cg; ci++) {
                        q[r + 1] = g * cg + ci;
                        int[] kj = new int[r + 2];
                        System.arraycopy(j, 0, kj, 0, r);
                        kj[r] = ci;
                        kj[r + 1] = co;
                        sum += (double) x.get(q) * k.get(kj);
                    }
                }
                return sum;
            });
        } else if (op instanceof ConvTranspose c) {
            int r = c.spatialRank();
            Tensor k = c.kernel();
            int[] out = new int[rank];
            out[0] = xs[0];
            System.arraycopy(c.outputSize(), 0, out, 1, r);
            out[r + 1] = c.outChannels();
            double[] acc = new double[(int) Tensor.elementCount(out)];
            int[] window = java.util.Arrays.copyOf(k.shape(), r);
            for (int[] i : positions(xs)) {
                for (int[] j : positions(window)) {
                    int[] q = new int[rank];
                    q[0] = i[0];
                    boolean inside = true;
                    for (int a = 0; a < r; a++) {
                        q[a + 1] = i[a + 1] * c.strides()[a] + j[a] - c.padsBegin()[a];
                        inside &= q[a + 1] >= 0 && q[a + 1] < out[a + 1];
                    }
                    if (!inside) {
                        continue;
                    }
                    for (int co = 0; co < out[r + 1]; co++) {
                        q[r + 1] = co;
                        int[] kj = new int[r + 2];
                        System.arraycopy(j, 0, kj, 0, r);
                        kj[r] = i[r + 1];
                        kj[r + 1] = co;
                        acc[flat(q, out)] += (double) x.get(i) * k.get(kj);
                    }
                }
            }
            return build(out, idx -> acc[flat(idx, out)] + (c.bias() == null ? 0 : c.bias()[idx[r + 1]]));
        } else if (op instanceof Pool p) {
            int r = p.spatialRank();
            int[] out = xs.clone();
            for (int a = 0; a < r; a++) {
                out[a + 1] = (xs[a + 1] + p.padsBegin()[a] + p.padsEnd()[a] - p.kernel()[a]) / p.strides()[a] + 1;
            }
            return build(out, idx -> {
                double acc = p.kind() == PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int[] j : positions(p.kernel())) {
                    int[] q = idx.clone();
                    boolean inside = true;
                    for (int a = 0; a < r; a++) {
                        q[a + 1] = idx[a + 1] * p.strides()[a] + j[a] - p.padsBegin()[a];
                        inside &= q[a + 1] >= 0 && q[a + 1] < xs[a + 1];
                    }
                    if (inside) {
                        acc = p.kind() == PoolKind.MAX ? Math.max(acc, x.get(q)) : acc + x.get(q);
                        count++;
                    }
                }
                return p.kind() == PoolKind.MAX ? acc : acc / count;
            });
        } else if (op instanceof GlobalPool p) {
            int[] spatial = java.util.Arrays.copyOfRange(xs, 1, rank - 1);
            return build(new int[] {xs[0], xs[rank - 1]}, idx -> {
                double acc = p.kind() == PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int[] s : positions(spatial)) {
                    int[] q = new int[rank];
                    q[0] = idx[0];
                    System.arraycopy(s, 0, q, 1, s.length);
                    q[rank - 1] = idx[1];
                    acc = p.kind() == PoolKind.MAX ? Math.max(acc, x.get(q)) : acc + x.get(q);
                    count++;
                }
                return p.kind() == PoolKind.MAX ? acc : acc / count;
            });
        } else if (op instanceof Pad p) {
            int[] out = xs.clone();
            for (int a = 0; a < rank; a++) {
                out[a] += p.begin()[a] + p.end()[a];
            }
            return build(out, idx -> {
                int[] q = new int[rank];
                for (int a = 0; a < rank; a++) {
                    q[a] = idx[a] - p.begin()[a];
                    if (q[a] < 0 || q[a] >= xs[a]) {
                        return 0;
                    }
                }
                return x.get(q);
            });
        } else if (op instanceof Crop c) {
            int[] out = xs.clone();
            for (int a = 0; a < rank; a++) {
                out[a] -= c.begin()[a] + c.end()[a];
            }
            return build(out, idx -> {
                int[] q = new int[rank];
                for (int a = 0; a < rank; a++) {
                    q[a] = idx[a] + c.begin()[a];
                }
                return x.get(q);
            });
        } else if (op instanceof Upsample u) {
            int[] out = xs.clone();
            for (int a = 0; a < rank; a++) {
                out[a] *= u.factors()[a];
            }
            return build(out, idx -> {
                int[] q = new int[rank];
                for (int a = 0; a < rank; a++) {
                    q[a] = idx[a] / u.factors()[a];
                }
                return x.get(q);
            });
        } else if (op instanceof Dense d) {
            int[] out = xs.clone();
            out[rank - 1] = d.weights().dim(1);
            return build(out, idx -> {
                double sum = d.bias() == null ? 0 : d.bias()[idx[rank - 1]];
                int[] q = idx.clone();
                for (int i = 0; i < xs[rank - 1]; i++) {
                    q[rank - 1] = i;
                    sum += (double) x.get(q) * d.weights().get(i, idx[rank - 1]);
                }
                return sum;
            });
        } else if (op instanceof ChannelAffine a) {
            return build(xs, idx -> (double) x.get(idx) * a.scale()[idx[a.axis()]] + a.shift()[idx[a.axis()]]);
        } else if (op instanceof Activation a) {
            return build(xs, idx -> activation(a, x.get(idx)));
        } else if (op instanceof Softmax s) {
            return build(xs, idx -> {
                int[] q = idx.clone();
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < xs[s.axis()]; i++) {
                    q[s.axis()] = i;
                    max = Math.max(max, x.get(q));
                }
                double sum = 0;
                for (int i = 0; i < xs[s.axis()]; i++) {
                    q[s.axis()] = i;
                    sum += Math.exp(x.get(q) - max);
                }
                return Math.exp(x.get(idx) - max) / sum;
            });
        } else if (op instanceof PRelu p) {
            return build(xs, idx -> {
                double v = x.get(idx);
                return v > 0 ? v : p.alpha().get(java.util.Arrays.copyOfRange(idx, 1, rank)) * v;
            });
        } else if (op instanceof Elementwise e) {
            return build(xs, idx -> {
                double acc = in.get(0).get(idx);
                for (int i = 1; i < in.size(); i++) {
                    double v = in.get(i).get(idx);
                    acc = switch (e.kind()) {
                        case SUM, AVERAGE -> acc + v;
                        case PRODUCT -> acc * v;
                        case MAX -> Math.max(acc, v);
                    };
                }
                return e.kind() == keras1j.runtime.ir.ElementwiseKind.AVERAGE ? acc / in.size() : acc;
            });
        } else if (op instanceof Concat c) {
            int[] out = xs.clone();
            out[c.axis()] = 0;
            for (Tensor t : in) {
                out[c.axis()] += t.dim(c.axis());
            }
            return build(out, idx -> {
                int[] q = idx.clone();
                for (Tensor t : in) {
                    if (q[c.axis()] < t.dim(c.axis())) {
                        return t.get(q);
                    }
                    q[c.axis()] -= t.dim(c.axis());
                }
                throw new AssertionError();
            });
        } else if (op instanceof Reshape r) {
            // copied (0) and inferred (-1) entries resolved on the concrete input shape
            int[] out = r.inferShape(List.of(Shape.of(xs))).dims();
            return Tensor.of(x.data().clone(), out);
        } else if (op instanceof Transpose t) {
            int[] out = new int[rank];
            for (int a = 0; a < rank; a++) {
                out[a] = xs[t.perm()[a]];
            }
            return build(out, idx -> {
                int[] q = new int[rank];
                for (int a = 0; a < rank; a++) {
                    q[t.perm()[a]] = idx[a];
                }
                return x.get(q);
            });
        } else if (op instanceof RepeatVector r) {
            return build(new int[] {xs[0], r.times(), xs[1]}, idx -> x.get(idx[0], idx[2]));
        } else if (op instanceof Gather g) {
            int[] out = java.util.Arrays.copyOf(xs, rank + 1);
            out[rank] = g.table().dim(1);
            return build(out, idx -> g.table().get((int) x.get(java.util.Arrays.copyOf(idx, rank)), idx[rank]));
        } else if (op instanceof keras1j.runtime.ir.BatchMatMul) {
            Tensor b = in.get(1);
            int[] out = xs.clone();
            out[rank - 1] = b.dim(rank - 1);
            return build(out, idx -> {
                double s = 0;
                int[] ia = idx.clone();
                int[] ib = idx.clone();
                for (int k = 0; k < xs[rank - 1]; k++) {
                    ia[rank - 1] = k;
                    ib[rank - 2] = k;
                    s += (double) x.get(ia) * b.get(ib);
                }
                return s;
            });
        } else if (op instanceof keras1j.runtime.ir.CosineRatio c) {
            Tensor aa = in.get(1);
            Tensor bb = in.get(2);
            float[] y = new float[x.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) (x.data()[i] / Math.max(Math.sqrt((double) aa.data()[i] * bb.data()[i]), c.epsilon()));
            }
            return Tensor.of(y, xs);
        } else if (op instanceof keras1j.runtime.ir.Cosine c) {
            Tensor b = in.get(1);
            int[] out = xs.clone();
            out[rank - 1] = 1;
            return build(out, idx -> {
                double ab = 0;
                double aa = 0;
                double bb = 0;
                int[] q = idx.clone();
                for (int k = 0; k < xs[rank - 1]; k++) {
                    q[rank - 1] = k;
                    ab += (double) x.get(q) * b.get(q);
                    aa += (double) x.get(q) * x.get(q);
                    bb += (double) b.get(q) * b.get(q);
                }
                return ab / Math.max(Math.sqrt(aa * bb), c.epsilon());
            });
        } else if (op instanceof keras1j.runtime.ir.Standardize s) {
            return build(xs, idx -> {
                double sum = 0;
                double sq = 0;
                int count = 0;
                for (int[] p : positions(xs)) {
                    boolean same = true;
                    for (int a = 0; a < rank; a++) {
                        final int axis = a;
                        boolean reduced = java.util.Arrays.stream(s.axes()).anyMatch(v -> v == axis);
                        same &= reduced || p[a] == idx[a];
                    }
                    if (same) {
                        sum += x.get(p);
                        sq += (double) x.get(p) * x.get(p);
                        count++;
                    }
                }
                double mean = sum / count;
                double var = sq / count - mean * mean;
                return (x.get(idx) - mean) / (Math.sqrt(var + s.epsilon()) + s.outerEpsilon());
            });
        } else if (op instanceof keras1j.runtime.ir.LocallyConnected l) {
            int r = l.spatialRank();
            int[] out = op.inferShape(List.of(keras1j.runtime.ir.Shape.of(xs))).dims();
            int[] outSpatial = java.util.Arrays.copyOfRange(out, 1, r + 1);
            int f = l.outChannels();
            return build(out, idx -> {
                int p = flat(java.util.Arrays.copyOfRange(idx, 1, r + 1), outSpatial);
                double s = l.bias() == null ? 0 : l.bias()[p * f + idx[r + 1]];
                int e = 0;
                for (int[] j : positions(l.kernelSize())) {
                    for (int c = 0; c < xs[rank - 1]; c++) {
                        int[] q = new int[rank];
                        q[0] = idx[0];
                        for (int a = 0; a < r; a++) {
                            q[a + 1] = idx[a + 1] * l.strides()[a] + j[a];
                        }
                        q[rank - 1] = c;
                        s += (double) x.get(q) * l.kernel().get(p, e, idx[r + 1]);
                        e++;
                    }
                }
                return s;
            });
        } else if (op instanceof keras1j.runtime.ir.SRelu s) {
            return build(xs, idx -> {
                int[] q = java.util.Arrays.copyOfRange(idx, 1, rank);
                double tl = s.tLeft().get(q);
                double tr = s.tRight().get(q);
                double d = x.get(idx) - tl;
                double left = Math.min(d > 0 ? d : s.aLeft().get(q) * d, tr - tl);
                return tl + left + s.aRight().get(q) * Math.max(x.get(idx) - tr, 0);
            });
        } else if (op instanceof keras1j.runtime.ir.SampleAffine a) {
            return build(xs, idx -> {
                int[] q = java.util.Arrays.copyOfRange(idx, 1, rank);
                return (double) x.get(idx) * a.scale().get(q) + (a.shift() == null ? 0 : a.shift().get(q));
            });
        }
        if (op instanceof keras1j.runtime.ir.Recurrent r) {
            return doubles(keras1j.runtime.exec.RecurrentReference.recurrent(r, x, in.size() > 1 ? in.get(1) : null),
                    r.inferShape(in.stream().map(t -> keras1j.runtime.ir.Shape.of(t.shape())).toList()).dims());
        } else if (op instanceof keras1j.runtime.ir.StepMask m) {
            return doubles(keras1j.runtime.exec.RecurrentReference.stepMask(m, x), new int[] {xs[0], xs[1]});
        } else if (op instanceof keras1j.runtime.ir.MaskSteps) {
            return doubles(keras1j.runtime.exec.RecurrentReference.maskSteps(x, in.get(1)), xs);
        }
        throw new AssertionError("no reference for " + op.opName());
    }

    private static Tensor doubles(double[] y, int[] shape) {
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (float) y[i];
        }
        return Tensor.of(f, shape);
    }

    private static double activation(Activation a, double v) {
        return switch (a.kind()) {
            case RELU -> Math.max(0, v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case HARD_SIGMOID -> Math.min(1, Math.max(0, 0.2 * v + 0.5));
            case SOFTPLUS -> Math.log1p(Math.exp(v));
            case SOFTSIGN -> v / (1 + Math.abs(v));
            case ELU -> v > 0 ? v : a.alpha() * (Math.exp(v) - 1);
            case LEAKY_RELU -> v > 0 ? v : a.alpha() * v;
            case THRESHOLDED_RELU -> v > a.alpha() ? v : 0;
        };
    }

    private static Tensor build(int[] shape, ToDoubleFunction<int[]> f) {
        float[] data = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) f.applyAsDouble(Tensor.unflatten(i, shape));
        }
        return Tensor.of(data, shape);
    }

    private static List<int[]> positions(int[] dims) {
        List<int[]> out = new ArrayList<>();
        int n = (int) Tensor.elementCount(dims);
        for (int i = 0; i < n; i++) {
            out.add(Tensor.unflatten(i, dims));
        }
        return out;
    }

    private static int flat(int[] idx, int[] shape) {
        int f = 0;
        for (int a = 0; a < shape.length; a++) {
            f = f * shape[a] + idx[a];
        }
        return f;
    }
}
