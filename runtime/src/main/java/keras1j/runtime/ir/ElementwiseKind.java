package keras1j.runtime.ir;

/** Reduction of {@link Elementwise} over its inputs. */
public enum ElementwiseKind {
    SUM, PRODUCT, AVERAGE, MAX
}
