package keras1j.runtime.ir;

/** Reduction of a pooling window. */
public enum PoolKind {
    /** Maximum over the window; padded positions never win. */
    MAX,
    /** Mean over the real (non-padded) positions of the window. */
    AVERAGE
}
