package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidInputException;
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
import keras1j.runtime.ir.GraphOutput;
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
 * A deliberately naive interpreter of the IR, written directly from the formulas in the op
 * records' Javadoc: one scalar loop per output element, double accumulation, no blocking, no
 * buffer reuse. The oracle the optimized engine is compared with.
 */
final class Reference {
    private Reference() {
    }

    static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) {
        Map<String, Tensor> values = new HashMap<>(inputs);
        for (Node node : graph.nodes()) {
            List<Tensor> in = new ArrayList<>();
            for (String v : node.inputs()) {
                in.add(values.get(v));
            }
            values.put(node.name(), apply(node.name(), node.op(), in));
        }
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (GraphOutput o : graph.outputs()) {
            out.put(o.name(), values.get(o.value()));
        }
        out.putAll(values);
        return out;
    }

    static Tensor apply(String name, Op op, List<Tensor> in) {
        List<Shape> shapes = in.stream().map(t -> Shape.of(t.shape())).toList();
        int[] outShape = op.inferShape(shapes).dims();
        double[] y = new double[(int) Tensor.elementCount(outShape)];
        Tensor x = in.get(0);
        if (op instanceof Conv c) {
            conv(c, x, outShape, y);
        } else if (op instanceof ConvTranspose c) {
            convTranspose(c, x, outShape, y);
        } else if (op instanceof Pool p) {
            pool(p, x, outShape, y);
        } else if (op instanceof GlobalPool p) {
            globalPool(p, x, outShape, y);
        } else if (op instanceof Pad p) {
            forEach(outShape, (o, flat) -> {
                int[] i = new int[o.length];
                for (int a = 0; a < o.length; a++) {
                    i[a] = o[a] - p.begin()[a];
                    if (i[a] < 0 || i[a] >= x.dim(a)) {
                        return;
                    }
                }
                y[flat] = x.get(i);
            });
        } else if (op instanceof Crop c) {
            forEach(outShape, (o, flat) -> {
                int[] i = new int[o.length];
                for (int a = 0; a < o.length; a++) {
                    i[a] = o[a] + c.begin()[a];
                }
                y[flat] = x.get(i);
            });
        } else if (op instanceof Upsample u) {
            forEach(outShape, (o, flat) -> {
                int[] i = new int[o.length];
                for (int a = 0; a < o.length; a++) {
                    i[a] = o[a] / u.factors()[a];
                }
                y[flat] = x.get(i);
            });
        } else if (op instanceof Dense d) {
            int nin = d.weights().dim(0);
            int nout = d.weights().dim(1);
            for (int r = 0; r < y.length / nout; r++) {
                for (int o = 0; o < nout; o++) {
                    double s = d.bias() == null ? 0 : d.bias()[o];
                    for (int i = 0; i < nin; i++) {
                        s += (double) x.data()[r * nin + i] * d.weights().get(i, o);
                    }
                    y[r * nout + o] = s;
                }
            }
        } else if (op instanceof ChannelAffine a) {
            forEach(outShape, (o, flat) -> y[flat] = (double) x.data()[flat] * a.scale()[o[a.axis()]]
                    + a.shift()[o[a.axis()]]);
        } else if (op instanceof Activation a) {
            for (int i = 0; i < y.length; i++) {
                y[i] = activation(a, x.data()[i]);
            }
        } else if (op instanceof Softmax s) {
            softmax(s.axis(), x, outShape, y);
        } else if (op instanceof PRelu p) {
            int n = p.alpha().size();
            for (int i = 0; i < y.length; i++) {
                double v = x.data()[i];
                y[i] = v > 0 ? v : p.alpha().data()[i % n] * v;
            }
        } else if (op instanceof Elementwise e) {
            for (int i = 0; i < y.length; i++) {
                double acc = in.get(0).data()[i];
                for (int k = 1; k < in.size(); k++) {
                    double v = in.get(k).data()[i];
                    switch (e.kind()) {
                        case SUM, AVERAGE -> acc += v;
                        case PRODUCT -> acc *= v;
                        case MAX -> acc = Math.max(acc, v);
                        default -> throw new AssertionError();
                    }
                }
                y[i] = e.kind() == keras1j.runtime.ir.ElementwiseKind.AVERAGE ? acc / in.size() : acc;
            }
        } else if (op instanceof Concat c) {
            forEach(outShape, (o, flat) -> {
                int[] i = o.clone();
                int k = 0;
                while (i[c.axis()] >= in.get(k).dim(c.axis())) {
                    i[c.axis()] -= in.get(k).dim(c.axis());
                    k++;
                }
                y[flat] = in.get(k).get(i);
            });
        } else if (op instanceof Reshape) {
            for (int i = 0; i < y.length; i++) {
                y[i] = x.data()[i];
            }
        } else if (op instanceof Transpose t) {
            forEach(outShape, (o, flat) -> {
                int[] i = new int[o.length];
                for (int a = 0; a < o.length; a++) {
                    i[t.perm()[a]] = o[a];
                }
                y[flat] = x.get(i);
            });
        } else if (op instanceof RepeatVector) {
            forEach(outShape, (o, flat) -> y[flat] = x.get(o[0], o[2]));
        } else if (op instanceof Gather g) {
            int d = g.table().dim(1);
            for (int i = 0; i < x.size(); i++) {
                float id = x.data()[i];
                if (id != Math.rint(id) || id < 0 || id >= g.table().dim(0)) {
                    throw new InvalidInputException("node '" + name + "': bad id " + id);
                }
                for (int j = 0; j < d; j++) {
                    y[i * d + j] = g.table().get((int) id, j);
                }
            }
        } else if (op instanceof keras1j.runtime.ir.Recurrent r) {
            System.arraycopy(RecurrentReference.recurrent(r, x, in.size() > 1 ? in.get(1) : null), 0, y, 0, y.length);
        } else if (op instanceof keras1j.runtime.ir.StepMask m) {
            System.arraycopy(RecurrentReference.stepMask(m, x), 0, y, 0, y.length);
        } else if (op instanceof keras1j.runtime.ir.MaskSteps) {
            System.arraycopy(RecurrentReference.maskSteps(x, in.get(1)), 0, y, 0, y.length);
        } else if (op instanceof keras1j.runtime.ir.CosineRatio c) {
            for (int i = 0; i < y.length; i++) {
                double den = Math.sqrt((double) in.get(1).data()[i] * in.get(2).data()[i]);
                y[i] = x.data()[i] / Math.max(den, c.epsilon());
            }
        } else {
            throw new AssertionError("reference misses op " + op.opName());
        }
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (float) y[i];
        }
        return Tensor.of(f, outShape);
    }

    static double activation(Activation a, double x) {
        return switch (a.kind()) {
            case RELU -> Math.max(0, x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID -> Math.min(1, Math.max(0, 0.2 * x + 0.5));
            case SOFTPLUS -> Math.log(1 + Math.exp(x));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case ELU -> x > 0 ? x : a.alpha() * (Math.exp(x) - 1);
            case LEAKY_RELU -> x > 0 ? x : a.alpha() * x;
            case THRESHOLDED_RELU -> x > a.alpha() ? x : 0;
        };
    }

    private static void conv(Conv c, Tensor x, int[] outShape, double[] y) {
        int r = c.spatialRank();
        int cout = c.outChannels();
        int cg = c.kernel().dim(-2);
        int[] ks = c.kernelSize();
        forEach(outShape, (o, flat) -> {
            int co = o[r + 1];
            int g = co / (cout / c.groups());
            double[] s = {c.bias() == null ? 0 : c.bias()[co]};
            forEach(ks, (j, jf) -> {
                int[] xi = new int[r + 2];
                xi[0] = o[0];
                int[] ki = new int[r + 2];
                for (int a = 0; a < r; a++) {
                    xi[a + 1] = o[a + 1] * c.strides()[a] + j[a] * c.dilations()[a] - c.padsBegin()[a];
                    if (xi[a + 1] < 0 || xi[a + 1] >= x.dim(a + 1)) {
                        return;
                    }
                    ki[a] = j[a];
                }
                for (int ci = 0; ci < cg; ci++) {
                    xi[r + 1] = g * cg + ci;
                    ki[r] = ci;
                    ki[r + 1] = co;
                    s[0] += (double) x.get(xi) * c.kernel().get(ki);
                }
            });
            y[flat] = s[0];
        });
    }

    private static void convTranspose(ConvTranspose c, Tensor x, int[] outShape, double[] y) {
        int r = c.spatialRank();
        int cout = c.outChannels();
        int[] ks = Arrays.copyOf(c.kernel().shape(), r);
        int[] ostr = strides(outShape);
        forEach(x.shape(), (i, iflat) -> {
            double xv = x.data()[iflat];
            forEach(ks, (j, jf) -> {
                int flat = i[0] * ostr[0];
                for (int a = 0; a < r; a++) {
                    int p = i[a + 1] * c.strides()[a] + j[a] - c.padsBegin()[a];
                    if (p < 0 || p >= c.outputSize()[a]) {
                        return;
                    }
                    flat += p * ostr[a + 1];
                }
                int[] ki = new int[r + 2];
                System.arraycopy(j, 0, ki, 0, r);
                ki[r] = i[r + 1];
                for (int co = 0; co < cout; co++) {
                    ki[r + 1] = co;
                    y[flat + co] += xv * c.kernel().get(ki);
                }
            });
        });
        if (c.bias() != null) {
            for (int k = 0; k < y.length; k++) {
                y[k] += c.bias()[k % cout];
            }
        }
    }

    private static void pool(Pool p, Tensor x, int[] outShape, double[] y) {
        int r = p.spatialRank();
        forEach(outShape, (o, flat) -> {
            double[] acc = {p.kind() == PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0, 0};
            forEach(p.kernel(), (j, jf) -> {
                int[] xi = o.clone();
                for (int a = 0; a < r; a++) {
                    xi[a + 1] = o[a + 1] * p.strides()[a] + j[a] - p.padsBegin()[a];
                    if (xi[a + 1] < 0 || xi[a + 1] >= x.dim(a + 1)) {
                        return;
                    }
                }
                double v = x.get(xi);
                acc[0] = p.kind() == PoolKind.MAX ? Math.max(acc[0], v) : acc[0] + v;
                acc[1]++;
            });
            y[flat] = p.kind() == PoolKind.MAX ? acc[0] : acc[0] / acc[1];
        });
    }

    private static void globalPool(GlobalPool p, Tensor x, int[] outShape, double[] y) {
        int c = x.dim(-1);
        int positions = x.size() / x.dim(0) / c;
        for (int b = 0; b < x.dim(0); b++) {
            for (int ch = 0; ch < c; ch++) {
                double acc = p.kind() == PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0;
                for (int q = 0; q < positions; q++) {
                    double v = x.data()[(b * positions + q) * c + ch];
                    acc = p.kind() == PoolKind.MAX ? Math.max(acc, v) : acc + v;
                }
                y[b * c + ch] = p.kind() == PoolKind.MAX ? acc : acc / positions;
            }
        }
    }

    private static void softmax(int axis, Tensor x, int[] shape, double[] y) {
        int[] st = strides(shape);
        forEach(shape, (o, flat) -> {
            if (o[axis] != 0) {
                return;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < shape[axis]; k++) {
                max = Math.max(max, x.data()[flat + k * st[axis]]);
            }
            double sum = 0;
            for (int k = 0; k < shape[axis]; k++) {
                sum += Math.exp(x.data()[flat + k * st[axis]] - max);
            }
            for (int k = 0; k < shape[axis]; k++) {
                y[flat + k * st[axis]] = Math.exp(x.data()[flat + k * st[axis]] - max) / sum;
            }
        });
    }

    static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    interface IndexVisitor {
        void visit(int[] index, int flat);
    }

    /** Visits every index of {@code dims} in row-major order. */
    static void forEach(int[] dims, IndexVisitor v) {
        int n = (int) Tensor.elementCount(dims);
        int[] idx = new int[dims.length];
        for (int flat = 0; flat < n; flat++) {
            v.visit(idx.clone(), flat);
            for (int a = dims.length - 1; a >= 0; a--) {
                if (++idx[a] < dims[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
    }
}
