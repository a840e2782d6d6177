package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;

/**
 * Layers that rearrange a tensor: {@code Flatten} (inputs of rank 3 or more, as Keras 1.2.2 requires)
 * and {@code Reshape} ({@code target_shape}, one
 * {@code -1} allowed) work on the Keras layout, so a {@code th} image is flattened in
 * (channels, rows, cols) order as Keras does; {@code Permute} ({@code dims}, 1-based) only changes the
 * recorded layout (no node); {@code RepeatVector} ({@code n}) repeats a 2D tensor.
 */
final class ShapeConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Flatten", "Reshape", "Permute", "RepeatVector");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.single(inputs);
        ctx.weights().expect();
        if (("Flatten".equals(cfg.className()) || "Reshape".equals(cfg.className())) && in.shape().hasOpenSampleDims()) {
            throw cfg.unsupported("the input " + in.shape() + " has an open size (None), and " + cfg.className()
                    + " needs all sizes (as in Keras 1.2.2); give the input shape (ImportOptions.withInputShape)");
        }
        switch (cfg.className()) {
            case "Flatten": {
                if (in.rank() < 3) {
                    // Keras 1.2.2: Flatten's input spec is ndim '3+' (a 2D input fails when the layer is called)
                    throw cfg.invalid("expects an input of rank >= 3 (batch included), got shape " + in.shape());
                }
                long n = in.shape().sampleSize();
                if (n > Integer.MAX_VALUE) {
                    throw cfg.invalid("flattening " + in.shape() + " gives more than " + Integer.MAX_VALUE + " values");
                }
                String y = ctx.add("flatten", new Reshape(new int[] {(int) n}), ctx.logical(in));
                return List.of(ctx.logicalTensor(y));
            }
            case "Reshape": {
                int[] target = cfg.toInts("target_shape", cfg.node("target_shape")
                        .orElseThrow(() -> cfg.invalid("missing required field 'target_shape'")), false);
                int[] resolved = resolve(cfg, target, in.shape().sampleSize());
                String y = ctx.add("reshape", new Reshape(resolved), ctx.logical(in));
                return List.of(ctx.logicalTensor(y));
            }
            case "Permute": {
                int[] dims = cfg.toInts("dims", cfg.node("dims")
                        .orElseThrow(() -> cfg.invalid("missing required field 'dims'")), false);
                int rank = in.rank();
                if (dims.length != rank - 1) {
                    throw cfg.invalid("dims", "a permutation of 1.." + (rank - 1), cfg.json().get("dims"));
                }
                int[] q = new int[rank];
                boolean[] seen = new boolean[rank];
                for (int i = 0; i < dims.length; i++) {
                    if (dims[i] < 1 || dims[i] >= rank || seen[dims[i]]) {
                        throw cfg.invalid("dims", "a permutation of 1.." + (rank - 1), cfg.json().get("dims"));
                    }
                    seen[dims[i]] = true;
                    q[i + 1] = dims[i];
                }
                return List.of(ctx.tensor(in.value(), Layouts.compose(Layouts.inverse(q), in.perm())));
            }
            default: {
                int n = ConvSupport.positive(cfg, "n", cfg.requiredInt("n"));
                ctx.requireRank(in, 2);
                String y = ctx.add("repeat", new RepeatVector(n), ctx.logical(in));
                return List.of(ctx.logicalTensor(y));
            }
        }
    }

    private static int[] resolve(LayerConfig cfg, int[] target, long size) {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (unknown >= 0) {
                    throw cfg.invalid("target_shape", "at most one -1", cfg.json().get("target_shape"));
                }
                unknown = i;
            } else if (target[i] < 1) {
                throw cfg.invalid("target_shape", "positive sizes and at most one -1", cfg.json().get("target_shape"));
            } else {
                known = multiply(cfg, known, target[i]);
            }
        }
        int[] out = target.clone();
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw cfg.invalid("cannot reshape " + size + " elements per sample to "
                        + cfg.json().get("target_shape"));
            }
            if (size / known > Integer.MAX_VALUE) {
                throw cfg.invalid("target_shape", "a shape of at most " + Integer.MAX_VALUE + " values per axis",
                        cfg.json().get("target_shape"));
            }
            out[unknown] = (int) (size / known);
        } else if (known != size) {
            throw cfg.invalid("cannot reshape " + size + " elements per sample to " + cfg.json().get("target_shape"));
        }
        return out;
    }

    private static long multiply(LayerConfig cfg, long a, int b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw cfg.invalid("target_shape", "sizes whose product fits in 64 bits", cfg.json().get("target_shape"));
        }
    }
}
