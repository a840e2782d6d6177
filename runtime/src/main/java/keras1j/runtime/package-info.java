/** Facts about the keras1j build itself: {@link keras1j.runtime.Keras1jVersion}. */
package keras1j.runtime;
