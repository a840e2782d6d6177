package keras1j.runtime.ir;

/** A graph input: a value name (the Keras input layer name) and its shape with symbolic batch. */
public record GraphInput(String name, Shape shape) {
}
