package keras1j.runtime.exec;

/**
 * Copies a dense box (a whole tensor of shape {@code box}) to or from a window of a larger tensor
 * that starts at {@code begin} on every axis: one contiguous copy per innermost row. The one
 * mechanism behind {@link PadStep} (box = the input, written into the padded output) and
 * {@link CropStep} (box = the output, read from the input). Stateless.
 */
final class BoxCopy {
    private BoxCopy() {
    }

    /**
     * @param box      dims of the dense tensor, batch included
     * @param large    dims of the larger tensor, batch included
     * @param begin    window start per axis of the larger tensor
     * @param intoLarge true: dense {@code from} into the window of {@code to}; false: window of
     *                  {@code from} into dense {@code to}
     */
    static void copy(Exec exec, int[] box, int[] large, int[] begin, float[] from, float[] to, boolean intoLarge) {
        int[] ls = Nd.strides(large);
        int last = box.length - 1;
        int inner = box[last];
        int rows = Nd.product(box, 0, last);
        exec.parallel.forRange(rows, Nd.rowGrain(inner), (long) rows * inner, (w, r0, r1) -> {
            int[] idx = new int[last];
            for (int r = r0; r < r1; r++) {
                Nd.unravel(r, box, last, idx);
                int window = begin[last];
                for (int a = 0; a < last; a++) {
                    window += (idx[a] + begin[a]) * ls[a];
                }
                if (intoLarge) {
                    System.arraycopy(from, r * inner, to, window, inner);
                } else {
                    System.arraycopy(from, window, to, r * inner, inner);
                }
            }
        });
    }
}
