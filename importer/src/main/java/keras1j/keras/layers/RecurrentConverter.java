package keras1j.keras.layers;

import java.util.List;

import keras1j.errors.InvalidModelException;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.RecurrentCell;
import keras1j.runtime.tensor.Tensor;

/**
 * SimpleRNN, GRU and LSTM ({@code output_dim}, {@code activation}, {@code inner_activation},
 * {@code return_sequences}, {@code go_backwards}, {@code consume_less}, {@code unroll}) as one
 * {@link Recurrent} op on a {@code (batch, steps, features)} input, reading the input's Keras mask.
 *
 * <p><b>Weights</b> are matched by name suffix: {@code _W, _U, _b} (SimpleRNN; GRU and LSTM with
 * {@code consume_less='gpu'}, gate blocks {@code z|r|h} and {@code i|f|c|o}), else one triple per gate
 * ({@code _W_z, _U_z, _b_z}, ...; LSTM saves them in the order i, c, f, o). Which layout a file holds
 * is told by its number of weights; without weights, by {@code consume_less}. Names that match no
 * suffix are taken in Keras' saving order.
 *
 * <p>Inference is deterministic: {@code dropout_W} and {@code dropout_U} are identities; {@code unroll}
 * and {@code consume_less} change only how Keras computes, not the result. {@code stateful=True} is
 * refused (states carried across calls are not supported).
 */
final class RecurrentConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("SimpleRNN", "GRU", "LSTM");
    }

    @Override
    public boolean handlesMasks() {
        return true;
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        KerasTensor in = ctx.single(inputs);
        String y = apply(ctx, in, false, false);
        KerasTensor out = ctx.logicalTensor(y);
        boolean sequences = ctx.config().optionalBoolean("return_sequences", false);
        return List.of(sequences ? out.withMask(in.mask()) : out);
    }

    /**
     * Adds the recurrent op of {@code ctx}'s layer applied to {@code in}; returns its value.
     *
     * @param invertBackwards process in the opposite direction of {@code go_backwards} (Bidirectional's backward copy)
     * @param reverseOutput   reverse the output sequence in time
     */
    static String apply(LayerContext ctx, KerasTensor in, boolean invertBackwards, boolean reverseOutput) {
        LayerConfig cfg = ctx.config();
        ctx.requireRank(in, 3);
        if (cfg.optionalBoolean("stateful", false)) {
            throw cfg.unsupported("stateful", true, "states carried across calls are not supported");
        }
        RecurrentCell cell = switch (cfg.className()) {
            case "SimpleRNN" -> RecurrentCell.SIMPLE;
            case "GRU" -> RecurrentCell.GRU;
            default -> RecurrentCell.LSTM;
        };
        int units = ConvSupport.positive(cfg, "output_dim", cfg.requiredInt("output_dim"));
        int features = in.shape().dim(2);
        String consumeLess = cfg.optionalString("consume_less", "cpu");
        if (!List.of("cpu", "mem", "gpu").contains(consumeLess)) {
            throw cfg.invalid("consume_less", "'cpu', 'mem' or 'gpu'", cfg.json().get("consume_less"));
        }
        cfg.optionalBoolean("unroll", false);
        cfg.optionalDouble("dropout_W", 0.0);
        cfg.optionalDouble("dropout_U", 0.0);
        ActivationKind act = activation(cfg, "activation", "tanh");
        ActivationKind inner = cell == RecurrentCell.SIMPLE ? null : activation(cfg, "inner_activation", "hard_sigmoid");
        boolean backwards = cfg.optionalBoolean("go_backwards", false) != invertBackwards;
        boolean sequences = cfg.optionalBoolean("return_sequences", false);

        LayerWeights w = ctx.weights();
        String[] gates = switch (cell) {
            case SIMPLE -> new String[0];
            case GRU -> new String[] {"z", "r", "h"};
            case LSTM -> new String[] {"i", "f", "c", "o"};
        };
        String[] saved = switch (cell) {
            case SIMPLE -> new String[0];
            case GRU -> new String[] {"z", "r", "h"};
            case LSTM -> new String[] {"i", "c", "f", "o"};
        };
        boolean fused = cell == RecurrentCell.SIMPLE
                || (w.present() ? w.storedCount() == 3 : consumeLess.equals("gpu"));
        int width = cell.gates() * units;
        Tensor kernel;
        Tensor recurrent;
        float[] bias;
        if (fused) {
            String[] roles = {"W", "U", "b"};
            w.expect(roles);
            int[] at = byName(w, roles);
            kernel = w.get(at[0], features, width);
            recurrent = w.get(at[1], units, width);
            bias = w.get(at[2], width).data();
        } else {
            String[] roles = new String[3 * saved.length];
            for (int g = 0; g < saved.length; g++) {
                roles[3 * g] = "W_" + saved[g];
                roles[3 * g + 1] = "U_" + saved[g];
                roles[3 * g + 2] = "b_" + saved[g];
            }
            w.expect(roles);
            int[] at = byName(w, roles);
            float[] k = new float[features * width];
            float[] r = new float[units * width];
            bias = new float[width];
            for (int g = 0; g < gates.length; g++) {
                int s = List.of(saved).indexOf(gates[g]);
                columns(w.get(at[3 * s], features, units).data(), k, features, units, width, g * units);
                columns(w.get(at[3 * s + 1], units, units).data(), r, units, units, width, g * units);
                System.arraycopy(w.get(at[3 * s + 2], units).data(), 0, bias, g * units, units);
            }
            kernel = Tensor.of(k, features, width);
            recurrent = Tensor.of(r, units, width);
        }
        Recurrent op = new Recurrent(cell, kernel, recurrent, bias, act, inner, backwards, sequences,
                sequences && reverseOutput);
        String x = ctx.logical(in);
        return in.mask() == null ? ctx.add(cfg.className().toLowerCase(java.util.Locale.ROOT), op, x)
                : ctx.add(cfg.className().toLowerCase(java.util.Locale.ROOT), op, x, in.mask());
    }

    /**
     * For each role, the index of the saved weight whose name (without {@code :0}) ends with
     * {@code _<role>}; the declared position when the names match no role (or without weights).
     */
    private static int[] byName(LayerWeights w, String[] roles) {
        int[] at = new int[roles.length];
        if (!w.present()) {
            for (int i = 0; i < roles.length; i++) {
                at[i] = i;
            }
            return at;
        }
        boolean[] taken = new boolean[roles.length];
        for (int i = 0; i < roles.length; i++) {
            at[i] = -1;
            for (int j = 0; j < roles.length; j++) {
                String name = w.name(j);
                if (name.endsWith(":0")) {
                    name = name.substring(0, name.length() - 2);
                }
                if (name.endsWith("_" + roles[i])) {
                    if (at[i] >= 0 || taken[j]) {
                        throw new InvalidModelException("weights '" + w.name(at[i] >= 0 ? at[i] : j) + "' and '"
                                + w.name(j) + "' both look like role " + roles[i]);
                    }
                    at[i] = j;
                    taken[j] = true;
                }
            }
        }
        for (int i = 0; i < roles.length; i++) {
            if (at[i] < 0) {
                // names unlike Keras': Keras' saving order
                for (int j = 0; j < roles.length; j++) {
                    at[j] = j;
                }
                return at;
            }
        }
        return at;
    }

    /** Copies {@code src [rows, cols]} into columns {@code [offset, offset+cols)} of {@code dst [rows, width]}. */
    private static void columns(float[] src, float[] dst, int rows, int cols, int width, int offset) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(src, i * cols, dst, i * width + offset, cols);
        }
    }

    /** A Keras 1.2.2 activation name as a recurrent activation, {@code null} for linear. */
    private static ActivationKind activation(LayerConfig cfg, String key, String fallback) {
        String name = cfg.optionalString(key, fallback);
        return switch (name) {
            case "linear" -> null;
            case "relu" -> ActivationKind.RELU;
            case "tanh" -> ActivationKind.TANH;
            case "sigmoid" -> ActivationKind.SIGMOID;
            case "hard_sigmoid" -> ActivationKind.HARD_SIGMOID;
            case "softplus" -> ActivationKind.SOFTPLUS;
            case "softsign" -> ActivationKind.SOFTSIGN;
            case "elu" -> ActivationKind.ELU;
            default -> throw cfg.unsupported(key, name, "not supported as a recurrent activation");
        };
    }
}
