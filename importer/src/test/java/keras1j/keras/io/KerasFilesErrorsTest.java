package keras1j.keras.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import keras1j.errors.InvalidModelException;

class KerasFilesErrorsTest {
    private static final Path MNIST_TH = Fixtures.caseDir("keras1", "mnist_cnn_th");

    @TempDir
    Path tmp;

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }

    private Path text(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** A copy of the MNIST full model cut to {@code fraction} of its length. */
    private Path truncatedModel(double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(MNIST_TH.resolve("model.h5"));
        return Files.write(tmp.resolve("truncated.h5"), Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99})
    void truncatedModelIsInvalidAndNamesTheFile(double fraction) throws IOException {
        Path file = truncatedModel(fraction);

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "truncated.h5", "truncated");
    }

    /** Overwrites {@code [from, to)} of a copy of the MNIST full model (object headers near the start). */
    @ParameterizedTest
    @CsvSource({"96, 200", "400, 800", "800, 1600"})
    void damagedHeadersAreInvalidAndNameTheFile(int from, int to) throws IOException {
        byte[] bytes = Files.readAllBytes(MNIST_TH.resolve("model.h5"));
        Arrays.fill(bytes, from, to, (byte) 0xFF);
        Path file = Files.write(tmp.resolve("damaged.h5"), bytes);

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "damaged.h5", "truncated or damaged");
    }

    @Test
    void truncatedWeightsFileIsInvalidAndNamesTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(MNIST_TH.resolve("weights.h5"));
        Path file = Files.write(tmp.resolve("cut_weights.h5"), Arrays.copyOf(bytes, bytes.length / 2));

        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> KerasFiles.read(MNIST_TH.resolve("model.json"), file));

        assertMentions(e, "cut_weights.h5");
    }

    @Test
    void textFileIsNeitherHdf5NorJson() throws IOException {
        Path file = text("notes.txt", "these are not the weights you are looking for\n");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "notes.txt", "neither an HDF5 file nor a JSON model");
    }

    @Test
    void textFileGivenAsWeightsIsNotHdf5() throws IOException {
        Path file = text("weights.h5", "{\"not\": \"hdf5\"}");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file));

        assertMentions(e, "weights.h5", "is not an HDF5 file");
    }

    @Test
    void emptyFileIsInvalid() throws IOException {
        Path file = text("empty.h5", "");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "empty.h5", "is empty");
    }

    @Test
    void emptyWeightsFileIsInvalid() throws IOException {
        Path file = text("empty_weights.h5", "");

        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> KerasFiles.read(MNIST_TH.resolve("model.json"), file));

        assertMentions(e, "empty_weights.h5", "is empty");
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        Path file = text("broken.json",
                "{\"class_name\": \"Sequential\",\n \"config\": [\n  {\"class_name\": Dense}]}");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "broken.json", "malformed JSON", "line 3, column");
    }

    @Test
    void truncatedJsonIsMalformed() throws IOException {
        String json = Files.readString(MNIST_TH.resolve("model.json"));
        Path file = text("cut.json", json.substring(0, json.length() / 2));

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "cut.json", "malformed JSON");
    }

    @Test
    void trailingGarbageAfterJsonIsMalformed() throws IOException {
        Path file = text("trailing.json", "{\"class_name\": \"Sequential\", \"config\": []} }");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "trailing.json", "malformed JSON", "line 1");
    }

    @Test
    void jsonWithoutConfigIsInvalid() throws IOException {
        Path file = text("noconfig.json", "{\"class_name\": \"Sequential\", \"keras_version\": \"1.2.2\"}");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "noconfig.json", "'config' is missing");
    }

    @Test
    void jsonWithoutClassNameIsInvalid() throws IOException {
        Path file = text("noclass.json", "{\"config\": []}");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "noclass.json", "'class_name' is missing");
    }

    @Test
    void jsonArrayIsNotAModel() throws IOException {
        Path file = text("list.json", "[{\"class_name\": \"Dense\", \"config\": {}}]");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "list.json", "expected a Keras model JSON object", "got array");
    }

    @Test
    void nonexistentPathIsNamed() {
        Path file = tmp.resolve("no_such_model.h5");

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "no_such_model.h5", "not found");
    }

    @Test
    void nonexistentWeightsPathIsNamed() {
        Path file = tmp.resolve("no_such_weights.h5");

        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> KerasFiles.read(MNIST_TH.resolve("model.json"), file));

        assertMentions(e, "no_such_weights.h5", "not found");
    }

    @Test
    void directoryIsNotAModel() {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(tmp, null));

        assertMentions(e, tmp.getFileName().toString(), "is a directory");
    }

    @Test
    void weightsFileGivenAsModelLacksModelConfig() {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> KerasFiles.read(MNIST_TH.resolve("weights.h5"), null));

        assertMentions(e, "weights.h5", "'model_config'");
    }

    @Test
    void ioFileGivenAsWeightsLacksLayerNames() {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> KerasFiles.readWeights(MNIST_TH.resolve("io.h5")));

        assertMentions(e, "io.h5", "'layer_names'");
    }

    @Test
    void malformedModelConfigAttributeNamesTheAttribute() {
        Path file = tmp.resolve("badconfig.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("keras_version", "1.2.2");
            hdf.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": [}");
        }

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.read(file, null));

        assertMentions(e, "badconfig.h5", "'model_config'", "malformed JSON", "line 1, column");
    }

    @Test
    void weightsFileLackingALayerNamesFileAndLayer() {
        Path file = tmp.resolve("partial_weights.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"convolution2d_1"});
            WritableGroup layer = hdf.putGroup("convolution2d_1");
            layer.putAttribute("weight_names", new String[] {"convolution2d_1_W"});
            layer.putDataset("convolution2d_1_W", new float[][] {{1f, 2f}});
        }
        WeightStore weights = KerasFiles.read(MNIST_TH.resolve("model.json"), file).weights().orElseThrow();

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> weights.weights("dense_1"));

        assertEquals(false, weights.hasLayer("dense_1"));
        assertMentions(e, "partial_weights.h5", "'dense_1'");
    }

    @Test
    void layerNamesEntryWithoutGroupNamesFileAndLayer() {
        Path file = tmp.resolve("nogroup.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"dense_1", "dense_2"});
            WritableGroup layer = hdf.putGroup("dense_1");
            layer.putAttribute("weight_names", new String[] {"dense_1_W"});
            layer.putDataset("dense_1_W", new float[][] {{1f, 2f}});
        }

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file));

        assertMentions(e, "nogroup.h5", "'dense_2'", "no group");
    }

    @Test
    void weightNameWithoutDatasetNamesFileLayerAndWeight() {
        Path file = tmp.resolve("nodataset.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"dense_1"});
            WritableGroup layer = hdf.putGroup("dense_1");
            layer.putAttribute("weight_names", new String[] {"dense_1_W:0", "dense_1_b:0"});
            layer.putDataset("dense_1_W:0", new float[][] {{1f, 2f}});
        }

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file));

        assertMentions(e, "nodataset.h5", "'dense_1'", "'dense_1_b:0'", "no such dataset");
    }

    @Test
    void layerWithoutWeightNamesAttributeIsInvalid() {
        Path file = tmp.resolve("noweightnames.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"dense_1"});
            hdf.putGroup("dense_1").putDataset("dense_1_W", new float[] {1f});
        }

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file));

        assertMentions(e, "noweightnames.h5", "'dense_1'", "'weight_names'");
    }

    @Test
    void numericWeightNamesAreInvalid() {
        Path file = tmp.resolve("numericnames.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"dense_1"});
            hdf.putGroup("dense_1").putAttribute("weight_names", new double[] {1.0});
        }

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file));

        assertMentions(e, "numericnames.h5", "'dense_1'", "'weight_names' expected strings");
    }

    @Test
    void duplicateLayerNameIsInvalid() {
        Path file = tmp.resolve("duplicate.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"dense_1", "dense_1"});
            hdf.putGroup("dense_1").putAttribute("weight_names", new String[] {"w"});
            ((WritableGroup) hdf.getChild("dense_1")).putDataset("w", new float[] {1f});
        }

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file));

        assertMentions(e, "duplicate.h5", "'dense_1'", "twice");
    }
}
