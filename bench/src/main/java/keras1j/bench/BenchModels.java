package keras1j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.bench.synthetic.SyntheticModels;
import keras1j.keras.io.KerasFiles;

/**
 * The benchmark's models, by id: the two MNIST CNN fixtures (real Keras 1.2.2 files) and the
 * synthetic Keras 1.2.2 models at realistic sizes ({@link SyntheticModels}). Fixture paths are
 * resolved against the repository root: system property {@value #ROOT_PROPERTY}, else the first
 * directory with a {@code fixtures/keras1} folder walking up from the working directory.
 * Immutable; thread-safe.
 */
public final class BenchModels {
    /** System property naming the repository root. */
    public static final String ROOT_PROPERTY = "keras1j.root";
    /** Seed of every synthetic model's weights. */
    public static final long WEIGHT_SEED = 122L;

    private static final Map<String, BenchModel> MODELS = new LinkedHashMap<>();

    static {
        register(fixture("mnist_cnn_th", "Keras 1 mnist_cnn.py, Theano backend, th ordering (fixture, 12x12 input)"));
        register(fixture("mnist_cnn_tf", "Keras 1 mnist_cnn.py, tf ordering (fixture, 12x12 input)"));
        register(new BenchModel("vgg16_blocks12",
                "VGG16 blocks 1-2: Convolution2D 3x3 same relu 64, 64, pool, 128, 128, pool on 224x224x3",
                () -> SyntheticModels.vggBlocks(224, WEIGHT_SEED).source()));
        register(new BenchModel("c3d_blocks12",
                "C3D blocks 1-2: Convolution3D 3x3x3 same relu 64, MaxPooling3D (1,2,2), 128, (2,2,2) on 16x112x112x3",
                () -> SyntheticModels.c3dBlocks(16, 112, WEIGHT_SEED).source()));
        register(new BenchModel("dcgan_generator",
                "DCGAN generator: Dense 100 -> 7x7x512, BatchNormalization, four Deconvolution2D 5x5 stride 2 same"
                        + " (256, 128, 64, 3 channels) to 112x112x3",
                () -> SyntheticModels.dcganGenerator(7, 512, WEIGHT_SEED).source()));
        register(new BenchModel("wavenet_stack",
                "WaveNet stack on 16000 samples: 32 channels, 10 gated AtrousConvolution1D blocks (kernel 2, dilations"
                        + " 1..512, ZeroPadding1D causal), residual and skip merges, 256-way softmax",
                () -> SyntheticModels.wavenet(16000, 32, 10, WEIGHT_SEED).source()));
        register(new BenchModel("vgg16",
                "VGG16 (Keras 1.2.2 applications layout with the classifier: 13 Convolution2D 3x3 same relu, 5"
                        + " max-pools, Flatten, Dense 4096, 4096, 1000 softmax) on 224x224x3",
                () -> SyntheticModels.vgg16(224, 1000, WEIGHT_SEED).source()));
        register(new BenchModel("resnet50",
                "ResNet50: the Keras 1.1 architecture of fixture keras1-public/kerasjs_demo_resnet50_config"
                        + " (224x224x3, BatchNormalization, 1000 classes) with seeded random weights",
                () -> ResNet50.source(repositoryRoot(), WEIGHT_SEED)));
    }

    private BenchModels() {
    }

    /** Every model, in report order. */
    public static List<BenchModel> all() {
        return List.copyOf(MODELS.values());
    }

    /**
     * The model with {@code id}.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static BenchModel get(String id) {
        BenchModel m = MODELS.get(id);
        if (m == null) {
            throw new IllegalArgumentException("unknown benchmark model '" + id + "', expected one of "
                    + String.join(", ", MODELS.keySet()));
        }
        return m;
    }

    /**
     * The repository root: {@value #ROOT_PROPERTY} if set, else found by walking up from the working
     * directory.
     *
     * @throws IllegalStateException if neither names a directory with {@code fixtures/keras1}
     */
    public static Path repositoryRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isDirectory(root.resolve("fixtures/keras1"))) {
                throw new IllegalStateException("-D" + ROOT_PROPERTY + "=" + property
                        + " is not the keras1j repository (no fixtures/keras1 folder)");
            }
            return root;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/keras1"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the keras1j repository (a fixtures/keras1 folder) above " + start
                + "; run from inside it or set -D" + ROOT_PROPERTY + "=DIR");
    }

    private static BenchModel fixture(String caseName, String description) {
        return new BenchModel(caseName, description,
                () -> KerasFiles.read(repositoryRoot().resolve("fixtures/keras1/" + caseName + "/model.h5"), null));
    }

    private static void register(BenchModel m) {
        if (MODELS.putIfAbsent(m.id(), m) != null) {
            throw new IllegalStateException("benchmark model '" + m.id() + "' registered twice");
        }
    }
}
