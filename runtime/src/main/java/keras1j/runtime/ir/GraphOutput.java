package keras1j.runtime.ir;

/**
 * A graph output.
 *
 * @param name  public output name (the Keras output layer name)
 * @param value the name of the value that holds it
 */
public record GraphOutput(String name, String value) {
}
