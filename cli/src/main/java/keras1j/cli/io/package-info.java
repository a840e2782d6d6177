/**
 * Prediction files and long-running work for the command line: NumPy {@code .npy}/{@code .npz} and
 * HDF5 inputs read slice by slice ({@link keras1j.cli.io.InputFile}), outputs written batch by batch
 * in the format of their extension ({@link keras1j.cli.io.OutputFormat}), the streaming prediction
 * that joins them with bounded memory ({@link keras1j.cli.io.StreamingPredict}), and progress
 * reporting that draws a bar only on a terminal ({@link keras1j.cli.io.Progress}).
 *
 * <p>Errors in input files are {@link keras1j.errors.InvalidInputException}s naming the file, entry
 * or dataset, and sample. Thread-safety is stated per class.
 */
package keras1j.cli.io;
