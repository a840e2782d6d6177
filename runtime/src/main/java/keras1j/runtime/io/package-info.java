/** File output shared by every writer of keras1j: atomic replacement ({@link keras1j.runtime.io.AtomicFiles}). */
package keras1j.runtime.io;
