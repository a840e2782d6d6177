/**
 * The exception hierarchy: one unchecked root, {@link keras1j.errors.Keras1jException}, with narrow
 * subclasses for malformed models, unsupported features, shape errors and bad inputs.
 */
package keras1j.errors;
