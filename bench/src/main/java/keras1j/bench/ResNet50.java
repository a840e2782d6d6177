package keras1j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.runtime.tensor.Tensor;

/**
 * ResNet50 as Keras 1.1 saved it: the architecture of the fixture
 * {@code fixtures/keras1-public/kerasjs_demo_resnet50_config} (its {@code model.json}, 224x224x3,
 * with the 1000-way classifier) and seeded random weights of the names and shapes its
 * {@code weights_metadata_kerasjs.json} lists (the fixture holds no weight values): kernels and dense
 * weights {@code glorot_uniform}, biases and batch-normalization offsets in {@code [-0.1, 0.1)}, scales
 * in {@code [0.8, 1.2)}, variances in {@code [0.5, 1.5)}. Stateless.
 */
public final class ResNet50 {
    /** The fixture folder, relative to the repository root. */
    public static final String FIXTURE = "fixtures/keras1-public/kerasjs_demo_resnet50_config";

    private ResNet50() {
    }

    /** The model with weights drawn from {@code seed}, as if read from the fixture's files. */
    public static KerasModelSource source(Path repositoryRoot, long seed) {
        Path dir = repositoryRoot.resolve(FIXTURE);
        ObjectMapper json = new ObjectMapper();
        JsonNode model;
        JsonNode metadata;
        try {
            model = json.readTree(dir.resolve("model.json").toFile());
            metadata = json.readTree(dir.resolve("weights_metadata_kerasjs.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ResNet50 fixture in " + dir, e);
        }
        Map<String, List<NamedWeight>> byLayer = new LinkedHashMap<>();
        for (JsonNode layer : model.path("config").path("layers")) {
            byLayer.put(layer.path("name").asText(), new ArrayList<>());
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (JsonNode w : metadata) {
            String layer = w.path("layer_name").asText();
            String name = w.path("weight_name").asText();
            int[] shape = new int[w.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = w.path("shape").get(i).asInt();
            }
            float[] data = new float[Math.toIntExact(Tensor.elementCount(shape))];
            double[] range = range(name, shape);
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextDouble(range[0], range[1]);
            }
            byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(new NamedWeight(name, Tensor.of(data, shape)));
        }
        String version = model.path("keras_version").asText("1.1.0");
        return new KerasModelSource(dir.resolve("model.json"), Optional.of(version), model.toString(),
                Optional.of(WeightStore.inMemory(dir.resolve("weights.h5"), byLayer)));
    }

    private static double[] range(String name, int[] shape) {
        if (name.contains("running_std")) {
            return new double[] {0.5, 1.5};
        }
        if (name.contains("gamma")) {
            return new double[] {0.8, 1.2};
        }
        if (shape.length == 1) {
            return new double[] {-0.1, 0.1};
        }
        long receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        double fanIn = receptive * shape[shape.length - 2];
        double fanOut = receptive * shape[shape.length - 1];
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        return new double[] {-limit, limit};
    }
}
