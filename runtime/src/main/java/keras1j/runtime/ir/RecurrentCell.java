package keras1j.runtime.ir;

/**
 * The cell of a {@link Recurrent} op, with its gate blocks in the order the op's weights hold them
 * (each block {@code units} columns wide). Equations, for input step {@code x}, previous output
 * {@code h} and, for LSTM, previous cell state {@code c} ({@code a} the activation, {@code ia} the
 * inner activation, products of vectors element-wise):
 * <ul>
 * <li>{@link #SIMPLE}: one block; {@code h' = a(x W + b + h U)}.</li>
 * <li>{@link #GRU}: blocks {@code z | r | h}; {@code z = ia(x W_z + b_z + h U_z)},
 * {@code r = ia(x W_r + b_r + h U_r)}, {@code hh = a(x W_h + b_h + (r h) U_h)},
 * {@code h' = z h + (1 - z) hh} (the reset gate applies before the recurrent product).</li>
 * <li>{@link #LSTM}: blocks {@code i | f | c | o}; {@code i = ia(x W_i + b_i + h U_i)}, likewise
 * {@code f} and {@code o}, {@code c' = f c + i a(x W_c + b_c + h U_c)}, {@code h' = o a(c')}.</li>
 * </ul>
 */
public enum RecurrentCell {
    SIMPLE(1), GRU(3), LSTM(4);

    private final int gates;

    RecurrentCell(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks in the weights. */
    public int gates() {
        return gates;
    }
}
