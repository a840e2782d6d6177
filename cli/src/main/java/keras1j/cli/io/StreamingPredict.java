package keras1j.cli.io;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import keras1j.errors.InvalidInputException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.io.AtomicFiles;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;

/**
 * {@code keras1j predict} over files of any size: reads the inputs ({@code .npy}, {@code .npz} or
 * HDF5, see {@link InputFile}) slice by slice, predicts each batch, and appends the outputs to the
 * output file ({@code .npy}, {@code .npz} or {@code .h5} by extension, see {@link OutputFormat}) as it
 * goes. The heap needed is bounded by the batch (its inputs, the engine's activations and its
 * outputs), not by the file; an HDF5 output is the exception (its outputs are held until the end,
 * see {@link Hdf5OutputWriter}). The output is written atomically: a temporary file next to it is
 * moved over it at the end, so a failure leaves any previous file untouched.
 *
 * <p>Results are identical to one whole-file prediction as long as the engine computes each sample
 * independently of the others in its batch (both keras1j engines do: every op is per-sample).
 *
 * <p>Stateless; thread-safe as far as the engine and the loader are (runs share nothing).
 */
public final class StreamingPredict {
    /** Samples per batch when none is given: Keras 1's own {@code model.predict(x, batch_size=32)}. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private StreamingPredict() {
    }

    /** Loads the model once the input file's sample shapes are known (they fix open input sizes). */
    @FunctionalInterface
    public interface ModelLoader {
        /**
         * @param sampleShapes {@link InputFile#sampleShapes()}: empty tensors carrying each named input
         *                     array's shape; empty for a {@code .npy}
         */
        ImportedModel load(Map<String, Tensor> sampleShapes);
    }

    /**
     * What was written.
     *
     * @param samples      the number of samples predicted
     * @param outputShapes each output's full shape, in model order
     */
    public record Result(long samples, Map<String, int[]> outputShapes) {
    }

    /**
     * Loads the model for {@code in}. A {@code .npy} carries no input name, so it cannot fix an open
     * input size ({@code None}): that import failure becomes an input error that says what to do.
     */
    private static ImportedModel load(ModelLoader loader, InputFile in) {
        try {
            return loader.load(in.sampleShapes());
        } catch (UnsupportedFeatureException e) {
            if (in.kind() == InputFile.Kind.NPY && e.getMessage() != null && e.getMessage().contains("open size")) {
                throw new InvalidInputException(in.file() + ": " + e.getMessage() + "; a .npy has no input name to"
                        + " take it from: save the input as a .npz keyed by the input layer name"
                        + " (np.savez(path, NAME=x)) or as HDF5 inputs/NAME", e);
            }
            throw e;
        }
    }

    /**
     * Runs a streaming prediction and prints one line per output ({@code outputs/NAME [shape]} for
     * HDF5, {@code NAME [shape]} for NumPy files) and {@code wrote OUTPUT} on {@code out}.
     *
     * @param input     the input file
     * @param output    the output file; its extension chooses the format
     * @param batchSize samples per engine call, at least 1
     * @param loader    imports the model
     * @param engines   opens an engine on the model (closed here)
     * @param progress  reports the samples done
     * @param out       where the summary lines go
     * @throws InvalidInputException (exit code 2) for an unknown output extension, a malformed or
     *                               mismatching input file, a {@code .npy} input for a model with several
     *                               inputs or a {@code .npy} output for several outputs; checked before
     *                               anything is predicted or written
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public static Result run(Path input, Path output, int batchSize, ModelLoader loader,
            Function<ImportedModel, Engine> engines, Progress progress, PrintStream out) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        OutputFormat format = OutputFormat.of(output);
        try (InputFile in = InputFile.open(input)) {
            ImportedModel model = load(loader, in);
            Map<String, RowReader> readers = in.bind(model);
            List<String> outputs = model.outputNames();
            format.check(output, outputs);
            long rows = readers.values().iterator().next().rows();
            if (rows == 0) {
                throw new InvalidInputException(input + ": has no samples (the first axis is 0)");
            }
            Map<String, int[]> shapes = new LinkedHashMap<>();
            try (Engine engine = engines.apply(model)) {
                AtomicFiles.write(output, temp -> {
                    try (OutputWriter writer = OutputWriter.open(format, temp, output, outputs, rows);
                            Progress.Task task = progress.start("predict", rows, "samples")) {
                        for (long done = 0; done < rows; ) {
                            int n = (int) Math.min(batchSize, rows - done);
                            Map<String, Tensor> batch = new LinkedHashMap<>();
                            for (Map.Entry<String, RowReader> e : readers.entrySet()) {
                                int[] sample = e.getValue().sampleShape();
                                batch.put(e.getKey(), Tensor.of(e.getValue().next(n), InputFile.withBatch(n, sample)));
                            }
                            Map<String, Tensor> predicted = engine.predict(batch);
                            if (done == 0) {
                                for (String name : outputs) {
                                    int[] s = predicted.get(name).shape();
                                    s[0] = (int) Math.min(rows, Integer.MAX_VALUE);
                                    shapes.put(name, s);
                                }
                            }
                            writer.write(predicted);
                            done += n;
                            task.advance(n);
                        }
                        writer.finish();
                    }
                });
            }
            for (Map.Entry<String, int[]> e : shapes.entrySet()) {
                out.println((format == OutputFormat.HDF5 ? "outputs/" : "") + e.getKey() + " "
                        + Arrays.toString(e.getValue()));
            }
            out.println("wrote " + output);
            return new Result(rows, shapes);
        }
    }
}
