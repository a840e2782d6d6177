package keras1j.keras.graph;

/** A setting and why it has that value (for reports). */
public record Resolved<T>(T value, String reason) {
}
