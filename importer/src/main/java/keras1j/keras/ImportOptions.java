package keras1j.keras;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Options of a Keras 1 import. Immutable and thread-safe; change with the {@code withX} copies.
 *
 * @param backend     overrides the backend inferred from the weight names
 * @param dimOrdering the user's {@code keras.json} {@code image_dim_ordering}, used by the layers that
 *                    do not save their own {@code dim_ordering} (UpSampling2D/3D, ZeroPadding2D/3D,
 *                    Cropping2D/3D); inferred from the model when absent
 * @param inputShapes sizes for input axes the model leaves open ({@code None} in
 *                    {@code batch_input_shape}, e.g. variable-length sequences), by input name: the
 *                    full sample shape without the batch axis
 * @param memoryBudget the most memory the weights read or made (zeros of an architecture-only
 *                     import) may take, one by one and in all; more is a
 *                     {@link keras1j.errors.ResourceLimitException}
 */
public record ImportOptions(Optional<Backend> backend, Optional<DimOrdering> dimOrdering,
        Map<String, List<Integer>> inputShapes, MemoryBudget memoryBudget) {

    public ImportOptions {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dimOrdering, "dimOrdering");
        inputShapes = Map.copyOf(inputShapes);
        Objects.requireNonNull(memoryBudget, "memoryBudget");
    }

    /**
     * Options with the memory budget {@link MemoryBudget#current()} (the default,
     * {@link MemoryBudget#defaults()}, unless the caller runs inside {@link MemoryBudget#within}).
     */
    public ImportOptions(Optional<Backend> backend, Optional<DimOrdering> dimOrdering,
            Map<String, List<Integer>> inputShapes) {
        this(backend, dimOrdering, inputShapes, MemoryBudget.current());
    }

    /** Options with a backend override and a dim ordering, no input shapes. */
    public ImportOptions(Optional<Backend> backend, Optional<DimOrdering> dimOrdering) {
        this(backend, dimOrdering, Map.of());
    }

    /** Nothing set: backend and dim ordering are inferred from the model. */
    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), Optional.empty(), Map.of());
    }

    /** A copy with the backend forced to {@code value}. */
    public ImportOptions withBackend(Backend value) {
        return new ImportOptions(Optional.of(value), dimOrdering, inputShapes, memoryBudget);
    }

    /** A copy with the global {@code image_dim_ordering} set to {@code value}. */
    public ImportOptions withDimOrdering(DimOrdering value) {
        return new ImportOptions(backend, Optional.of(value), inputShapes, memoryBudget);
    }

    /**
     * A copy that fixes the sample shape (without the batch axis) of input {@code inputName}; needed
     * only for inputs declared with open sizes ({@code None}), must agree with the declared sizes.
     *
     * @throws InvalidInputException if a size is not positive
     */
    public ImportOptions withInputShape(String inputName, int... sampleShape) {
        Objects.requireNonNull(inputName, "inputName");
        Integer[] boxed = new Integer[sampleShape.length];
        for (int i = 0; i < sampleShape.length; i++) {
            if (sampleShape[i] < 1) {
                throw new InvalidInputException("input shape for '" + inputName + "' must be positive, got "
                        + Arrays.toString(sampleShape));
            }
            boxed[i] = sampleShape[i];
        }
        Map<String, List<Integer>> m = new LinkedHashMap<>(inputShapes);
        m.put(inputName, List.of(boxed));
        return new ImportOptions(backend, dimOrdering, m, memoryBudget);
    }

    /** A copy with another memory budget. */
    public ImportOptions withMemoryBudget(MemoryBudget value) {
        return new ImportOptions(backend, dimOrdering, inputShapes, value);
    }
}
