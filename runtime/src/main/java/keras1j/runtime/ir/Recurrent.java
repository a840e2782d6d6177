package keras1j.runtime.ir;

import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * A recurrent layer over axis 1 of {@code x [N, T, F]}, states starting at zeros (see
 * {@link RecurrentCell} for the equations and gate order).
 *
 * <p><b>Order.</b> Steps are processed from input step 0 to {@code T-1}, or from {@code T-1} to 0 when
 * {@code goBackwards}. With {@code returnSequences} the output {@code [N, T, units]} holds the outputs in
 * <em>processing</em> order (output 0 is the one after the first processed step), reversed along the
 * time axis when {@code reverseOutput}; without it the output {@code [N, units]} is the last processed
 * step's output.
 *
 * <p><b>Mask.</b> An optional second input {@code mask [N, T]} (1 keep, 0 masked, indexed by input
 * step): a masked step leaves every state unchanged and emits the previous step's output (zeros
 * before the first unmasked step). Since the output is the state {@code h}, it is the kept state.
 *
 * @param cell             the cell kind
 * @param inputWeights     {@code W [F, gates*units]}
 * @param recurrentWeights {@code U [units, gates*units]}
 * @param bias             {@code gates*units} values
 * @param activation       the activation {@code a}, {@code null} for linear ({@code ELU} with alpha 1)
 * @param innerActivation  the gate activation {@code ia} (GRU, LSTM), {@code null} for linear
 * @param goBackwards      process the input from its last step to its first
 * @param returnSequences  output every step, not only the last
 * @param reverseOutput    with {@code returnSequences}: reverse the output along time
 */
public record Recurrent(RecurrentCell cell, Tensor inputWeights, Tensor recurrentWeights, float[] bias,
        ActivationKind activation, ActivationKind innerActivation, boolean goBackwards, boolean returnSequences,
        boolean reverseOutput) implements Op {

    /** Number of output units. */
    public int units() {
        return recurrentWeights.dim(0);
    }

    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() != 1 && inputs.size() != 2) {
            throw ShapeChecks.fail(this, inputs, "expected the sequence and optionally its mask");
        }
        Shape x = inputs.get(0);
        ShapeChecks.requireRank(this, inputs, x, 3);
        if (inputWeights.rank() != 2 || recurrentWeights.rank() != 2) {
            throw ShapeChecks.fail(this, inputs, "weights must be matrices, got " + inputWeights + " and "
                    + recurrentWeights);
        }
        int u = recurrentWeights.dim(0);
        int width = cell.gates() * u;
        if (u < 1 || recurrentWeights.dim(1) != width || inputWeights.dim(1) != width || bias == null
                || bias.length != width) {
            throw ShapeChecks.fail(this, inputs, cell + " with " + u + " units needs W [F, " + width + "], U [" + u
                    + ", " + width + "] and " + width + " biases");
        }
        if (x.dim(2) != inputWeights.dim(0)) {
            throw ShapeChecks.fail(this, inputs, "last axis must be " + inputWeights.dim(0));
        }
        if (innerActivation == ActivationKind.LEAKY_RELU || activation == ActivationKind.LEAKY_RELU) {
            throw ShapeChecks.fail(this, inputs, "LEAKY_RELU is no Keras activation name (ELU takes alpha 1)");
        }
        if (inputs.size() == 2) {
            Shape m = inputs.get(1);
            if (m.rank() != 2 || m.dim(1) != x.dim(1)) {
                throw ShapeChecks.fail(this, inputs, "mask must be [N, " + x.dim(1) + "]");
            }
        }
        return returnSequences ? Shape.of(x.dim(0), x.dim(1), u) : Shape.of(x.dim(0), u);
    }

    @Override
    public long parameterCount() {
        return inputWeights.size() + recurrentWeights.size() + bias.length;
    }
}
