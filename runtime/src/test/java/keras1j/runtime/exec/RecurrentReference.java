package keras1j.runtime.exec;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.MaskSteps;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.StepMask;
import keras1j.runtime.tensor.Tensor;

/**
 * Naive double-precision references of the sequence ops ({@link Recurrent}, {@link StepMask},
 * {@link MaskSteps}) written from their Javadoc, for the reference interpreter of this test tree.
 */
public final class RecurrentReference {
    private RecurrentReference() {
    }

    /** {@link Recurrent} from its Javadoc equations, in double, one sample at a time. */
    public static double[] recurrent(Recurrent r, Tensor x, Tensor mask) {
        int n = x.dim(0);
        int steps = x.dim(1);
        int f = x.dim(2);
        int u = r.units();
        int width = r.cell().gates() * u;
        double[] y = new double[r.returnSequences() ? n * steps * u : n * u];
        for (int b = 0; b < n; b++) {
            double[] h = new double[u];
            double[] c = new double[u];
            for (int s = 0; s < steps; s++) {
                int t = r.goBackwards() ? steps - 1 - s : s;
                boolean keep = mask == null || mask.get(b, t) != 0f;
                double[] xw = new double[width];
                double[] hu = new double[width];
                for (int j = 0; j < width; j++) {
                    double a = r.bias()[j];
                    for (int k = 0; k < f; k++) {
                        a += x.get(b, t, k) * r.inputWeights().get(k, j);
                    }
                    xw[j] = a;
                    double q = 0;
                    for (int k = 0; k < u; k++) {
                        q += h[k] * r.recurrentWeights().get(k, j);
                    }
                    hu[j] = q;
                }
                double[] hn = new double[u];
                double[] cn = c.clone();
                switch (r.cell()) {
                    case SIMPLE -> {
                        for (int j = 0; j < u; j++) {
                            hn[j] = act(r.activation(), xw[j] + hu[j]);
                        }
                    }
                    case LSTM -> {
                        for (int j = 0; j < u; j++) {
                            double i = act(r.innerActivation(), xw[j] + hu[j]);
                            double fg = act(r.innerActivation(), xw[u + j] + hu[u + j]);
                            double cc = act(r.activation(), xw[2 * u + j] + hu[2 * u + j]);
                            double o = act(r.innerActivation(), xw[3 * u + j] + hu[3 * u + j]);
                            cn[j] = fg * c[j] + i * cc;
                            hn[j] = o * act(r.activation(), cn[j]);
                        }
                    }
                    case GRU -> {
                        double[] z = new double[u];
                        double[] rh = new double[u];
                        for (int j = 0; j < u; j++) {
                            z[j] = act(r.innerActivation(), xw[j] + hu[j]);
                            rh[j] = act(r.innerActivation(), xw[u + j] + hu[u + j]) * h[j];
                        }
                        for (int j = 0; j < u; j++) {
                            double q = xw[2 * u + j];
                            for (int k = 0; k < u; k++) {
                                q += rh[k] * r.recurrentWeights().get(k, 2 * u + j);
                            }
                            hn[j] = z[j] * h[j] + (1 - z[j]) * act(r.activation(), q);
                        }
                    }
                }
                if (keep) {
                    h = hn;
                    c = cn;
                }
                if (r.returnSequences()) {
                    int o = r.reverseOutput() ? steps - 1 - s : s;
                    System.arraycopy(h, 0, y, (b * steps + o) * u, u);
                }
            }
            if (!r.returnSequences()) {
                System.arraycopy(h, 0, y, b * u, u);
            }
        }
        return y;
    }

    private static double act(ActivationKind kind, double x) {
        if (kind == null) {
            return x;
        }
        return switch (kind) {
            case RELU -> Math.max(0, x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID -> Math.min(1, Math.max(0, 0.2 * x + 0.5));
            case SOFTPLUS -> Math.log1p(Math.exp(x));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case ELU -> x > 0 ? x : Math.expm1(x);
            case LEAKY_RELU, THRESHOLDED_RELU -> throw new AssertionError(kind);
        };
    }

    /** {@link StepMask}: 1 where some element of the step differs from the value. */
    public static double[] stepMask(StepMask m, Tensor x) {
        int rows = x.dim(0) * x.dim(1);
        int per = x.size() / rows;
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < per; k++) {
                if (x.data()[r * per + k] != m.value()) {
                    y[r] = 1;
                }
            }
        }
        return y;
    }

    /** {@link MaskSteps}: every element times its step's mask value. */
    public static double[] maskSteps(Tensor x, Tensor mask) {
        int per = x.size() / mask.size();
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.data()[i] * mask.data()[i / per];
        }
        return y;
    }
}
