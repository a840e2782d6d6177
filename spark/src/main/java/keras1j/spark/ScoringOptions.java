package keras1j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import keras1j.errors.InvalidInputException;
import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportOptions;

/**
 * What to score with and how: the model files, the import overrides, the engine and the batch size.
 * Immutable, serializable (it travels to the executors) and thread-safe; change it with the
 * {@code withX} copies. Two equal options share one loaded model and one engine per JVM
 * ({@link ModelCache}).
 *
 * @param modelPath   a full-model HDF5 or an architecture JSON: a local path, any Hadoop FileSystem URI
 *                    ({@code hdfs://}, {@code s3a://}, {@code file:}...), or the bare name of a file
 *                    shipped with the job ({@code spark-submit --files}, {@code SparkContext.addFile})
 * @param weightsPath a weights HDF5 for an architecture JSON (same forms), or null
 * @param engine      {@code java} (default) or {@code onnxruntime}
 * @param batchSize   rows per engine call inside a partition ({@code >= 1})
 * @param threads     compute threads of one engine call ({@code >= 1}; Spark's own parallelism is its
 *                    tasks, so 1 by default)
 * @param backend     {@code theano} or {@code tensorflow} to override the backend inferred from the
 *                    weight names, or null
 * @param dimOrdering {@code th} or {@code tf}: the {@code image_dim_ordering} of the model owner's
 *                    {@code keras.json}, or null to infer it
 * @param inputShapes sample shapes (without batch) for inputs declared with open sizes, by input name
 */
public record ScoringOptions(String modelPath, String weightsPath, String engine, int batchSize, int threads,
        String backend, String dimOrdering, Map<String, List<Integer>> inputShapes) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The Java engine. */
    public static final String JAVA = "java";
    /** The ONNX Runtime engine (needs keras1j-onnx and ONNX Runtime on the classpath). */
    public static final String ONNXRUNTIME = "onnxruntime";
    /** Default rows per engine call. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    /**
     * Validates every field.
     *
     * @throws InvalidInputException naming the field and the accepted values
     */
    public ScoringOptions {
        if (modelPath == null || modelPath.isBlank()) {
            throw new InvalidInputException("the model path is not set");
        }
        if (weightsPath != null && weightsPath.isBlank()) {
            weightsPath = null;
        }
        engine = engine == null ? JAVA : engine.strip().toLowerCase(java.util.Locale.ROOT);
        if (!engine.equals(JAVA) && !engine.equals(ONNXRUNTIME)) {
            throw new InvalidInputException("unknown engine '" + engine + "', expected java or onnxruntime");
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be >= 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + threads);
        }
        if (backend != null && backend.isBlank()) {
            backend = null;
        }
        if (backend != null) {
            backend = Backend.parse(backend).keras();
        }
        if (dimOrdering != null && dimOrdering.isBlank()) {
            dimOrdering = null;
        }
        if (dimOrdering != null) {
            dimOrdering = DimOrdering.parse(dimOrdering).keras();
        }
        Map<String, List<Integer>> shapes = new TreeMap<>();
        for (Map.Entry<String, List<Integer>> e : Objects.requireNonNull(inputShapes, "inputShapes").entrySet()) {
            for (Integer d : e.getValue()) {
                if (d == null || d < 1) {
                    throw new InvalidInputException("input shape for '" + e.getKey() + "' must be positive, got "
                            + e.getValue());
                }
            }
            shapes.put(e.getKey(), List.copyOf(e.getValue()));
        }
        inputShapes = Map.copyOf(shapes);
    }

    /** The model at {@code modelPath}, Java engine, batch {@value #DEFAULT_BATCH_SIZE}, one thread, no overrides. */
    public static ScoringOptions of(String modelPath) {
        return new ScoringOptions(modelPath, null, JAVA, DEFAULT_BATCH_SIZE, 1, null, null, Map.of());
    }

    /** A copy with the weights file of an architecture JSON (null or blank for none). */
    public ScoringOptions withWeightsPath(String value) {
        return new ScoringOptions(modelPath, value, engine, batchSize, threads, backend, dimOrdering, inputShapes);
    }

    /** A copy with the engine: {@value #JAVA} or {@value #ONNXRUNTIME}. */
    public ScoringOptions withEngine(String value) {
        return new ScoringOptions(modelPath, weightsPath, value, batchSize, threads, backend, dimOrdering, inputShapes);
    }

    /** A copy with the rows per engine call. */
    public ScoringOptions withBatchSize(int value) {
        return new ScoringOptions(modelPath, weightsPath, engine, value, threads, backend, dimOrdering, inputShapes);
    }

    /** A copy with the compute threads of one engine call. */
    public ScoringOptions withThreads(int value) {
        return new ScoringOptions(modelPath, weightsPath, engine, batchSize, value, backend, dimOrdering, inputShapes);
    }

    /** A copy with the backend override ({@code theano}/{@code tensorflow}, or null for none). */
    public ScoringOptions withBackend(String value) {
        return new ScoringOptions(modelPath, weightsPath, engine, batchSize, threads, value, dimOrdering, inputShapes);
    }

    /** A copy with the global dim ordering ({@code th}/{@code tf}, or null to infer it). */
    public ScoringOptions withDimOrdering(String value) {
        return new ScoringOptions(modelPath, weightsPath, engine, batchSize, threads, backend, value, inputShapes);
    }

    /** A copy that fixes the sample shape (without batch) of input {@code inputName}. */
    public ScoringOptions withInputShape(String inputName, int... sampleShape) {
        Map<String, List<Integer>> m = new LinkedHashMap<>(inputShapes);
        m.put(Objects.requireNonNull(inputName, "inputName"), Arrays.stream(sampleShape).boxed().toList());
        return new ScoringOptions(modelPath, weightsPath, engine, batchSize, threads, backend, dimOrdering, m);
    }

    /** A copy with every input shape of {@code text} ({@link #parseInputShapes} form) added. */
    public ScoringOptions withInputShapes(String text) {
        Map<String, List<Integer>> m = new LinkedHashMap<>(inputShapes);
        m.putAll(parseInputShapes(text));
        return new ScoringOptions(modelPath, weightsPath, engine, batchSize, threads, backend, dimOrdering, m);
    }

    /** The importer's options: backend, dim ordering and input shapes. */
    public ImportOptions importOptions() {
        ImportOptions o = ImportOptions.defaults();
        if (backend != null) {
            o = o.withBackend(Backend.parse(backend));
        }
        if (dimOrdering != null) {
            o = o.withDimOrdering(DimOrdering.parse(dimOrdering));
        }
        for (Map.Entry<String, List<Integer>> e : inputShapes.entrySet()) {
            o = o.withInputShape(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        return o;
    }

    /**
     * Parses {@code name=d1,d2,...;name2=...} (e.g. {@code input_1=100,8}), the form of the
     * transformer's {@code inputShapes} param and of the job's {@code --input-shape} option.
     *
     * @throws InvalidInputException naming the malformed entry
     */
    public static Map<String, List<Integer>> parseInputShapes(String text) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return m;
        }
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new InvalidInputException("input shape '" + entry.strip() + "': expected NAME=D1,D2,...");
            }
            List<Integer> dims = new ArrayList<>();
            for (String d : entry.substring(eq + 1).split(",")) {
                try {
                    dims.add(Integer.parseInt(d.strip()));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("input shape '" + entry.strip() + "': '" + d.strip()
                            + "' is not a whole number", e);
                }
            }
            m.put(entry.substring(0, eq).strip(), dims);
        }
        return m;
    }

    /** The inverse of {@link #parseInputShapes}. */
    public static String formatInputShapes(Map<String, List<Integer>> shapes) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Integer>> e : new TreeMap<>(shapes).entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.getKey()).append('=');
            sb.append(String.join(",", e.getValue().stream().map(String::valueOf).toList()));
        }
        return sb.toString();
    }
}
