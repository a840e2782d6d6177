package keras1j.keras;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import keras1j.errors.InvalidInputException;
import keras1j.keras.layers.LayerConverter;
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
 *                    full sample shape without the batch axis. Optional: without it the axis stays
 *                    open in the graph, which then runs on any size (see {@link ImportedModel#graph()})
 * @param converters      user converters for Keras layer classes keras1j does not know (see
 *                        {@link keras1j.keras.spi})
 * @param layerConverters user converters for single layers, by layer name (e.g. {@code Lambda} layers)
 * @param randomWeightsSeed for a model imported without weights (an architecture JSON alone):
 *                    fill the weights with random values from this seed, so that the model can run
 *                    (for benchmarks and tests). Without it such a model can be inspected but every
 *                    engine and exporter refuses it. Ignored when weights are given.
 * @param memoryBudget the most memory the weights read or made (zeros of an architecture-only
 *                     import) may take, one by one and in all; more is a
 *                     {@link keras1j.errors.ResourceLimitException}
 */
public record ImportOptions(Optional<Backend> backend, Optional<DimOrdering> dimOrdering,
        Map<String, List<Integer>> inputShapes, List<LayerConverter> converters,
        Map<String, LayerConverter> layerConverters, OptionalLong randomWeightsSeed,
        MemoryBudget memoryBudget) {

    public ImportOptions {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dimOrdering, "dimOrdering");
        Objects.requireNonNull(randomWeightsSeed, "randomWeightsSeed");
        inputShapes = Map.copyOf(inputShapes);
        converters = List.copyOf(converters);
        layerConverters = Collections.unmodifiableMap(new LinkedHashMap<>(layerConverters));
        Objects.requireNonNull(memoryBudget, "memoryBudget");
    }

    /**
     * Options with a backend override, a dim ordering and input shapes, no user converters, no random
     * weights, and the memory budget {@link MemoryBudget#current()} (the default,
     * {@link MemoryBudget#defaults()}, unless the caller runs inside {@link MemoryBudget#within}).
     */
    public ImportOptions(Optional<Backend> backend, Optional<DimOrdering> dimOrdering,
            Map<String, List<Integer>> inputShapes) {
        this(backend, dimOrdering, inputShapes, List.of(), Map.of(), OptionalLong.empty(), MemoryBudget.current());
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
        return new ImportOptions(Optional.of(value), dimOrdering, inputShapes, converters, layerConverters,
                randomWeightsSeed, memoryBudget);
    }

    /** A copy with the global {@code image_dim_ordering} set to {@code value}. */
    public ImportOptions withDimOrdering(DimOrdering value) {
        return new ImportOptions(backend, Optional.of(value), inputShapes, converters, layerConverters,
                randomWeightsSeed, memoryBudget);
    }

    /**
     * A copy that also converts the Keras classes {@code converter} lists in
     * {@link LayerConverter#classNames()} (a user's own layer classes; see {@link keras1j.keras.spi}).
     * A class keras1j converts itself, or one listed by two converters, is rejected when the import
     * starts.
     */
    public ImportOptions withConverter(LayerConverter converter) {
        Objects.requireNonNull(converter, "converter");
        List<LayerConverter> l = new ArrayList<>(converters);
        l.add(converter);
        return new ImportOptions(backend, dimOrdering, inputShapes, l, layerConverters, randomWeightsSeed, memoryBudget);
    }

    /**
     * A copy that converts the layer named {@code layerName} (any class, typically a {@code Lambda}
     * whose function the caller knows) with {@code converter}, in place of any other converter.
     */
    public ImportOptions withLayerConverter(String layerName, LayerConverter converter) {
        Objects.requireNonNull(layerName, "layerName");
        Objects.requireNonNull(converter, "converter");
        Map<String, LayerConverter> m = new LinkedHashMap<>(layerConverters);
        m.put(layerName, converter);
        return new ImportOptions(backend, dimOrdering, inputShapes, converters, m, randomWeightsSeed, memoryBudget);
    }

    /**
     * A copy that fixes the sample shape (without the batch axis) of input {@code inputName}; only for
     * inputs declared with open sizes ({@code None}), must agree with the declared sizes. Optional: an
     * open axis left open runs on any size.
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
        return new ImportOptions(backend, dimOrdering, m, converters, layerConverters,
                randomWeightsSeed, memoryBudget);
    }

    /**
     * A copy that gives a model imported without weights seeded random weights instead of none
     * (see {@link #randomWeightsSeed()}): the same seed gives the same weights.
     */
    public ImportOptions withRandomWeights(long seed) {
        return new ImportOptions(backend, dimOrdering, inputShapes, converters, layerConverters, OptionalLong.of(seed),
                memoryBudget);
    }

    /** A copy with another memory budget. */
    public ImportOptions withMemoryBudget(MemoryBudget value) {
        return new ImportOptions(backend, dimOrdering, inputShapes, converters, layerConverters, randomWeightsSeed,
                value);
    }
}
