package keras1j.keras.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.runtime.tensor.Tensor;

/**
 * Storage variants that real Keras 1 files may use beyond the fixtures, from {@code odd_weights.h5}
 * (written by h5py with {@code make_odd_weights.py} next to it).
 */
class WeightStoreFormatsTest {
    private static Path file;
    private static WeightStore store;

    @BeforeAll
    static void read(@TempDir Path tmp) throws IOException {
        file = tmp.resolve("odd_weights.h5");
        try (InputStream in = WeightStoreFormatsTest.class.getResourceAsStream("odd_weights.h5")) {
            Files.copy(in, file);
        }
        store = KerasFiles.readWeights(file);
    }

    private static Tensor weight(String layer, int index) {
        return store.weights(layer).get(index).value();
    }

    @Test
    void hdf5BehindAUserBlockIsRecognised() {
        assertEquals(Hdf5Reading.Content.HDF5, Hdf5Reading.sniff(file, FileKind.MODEL));
    }

    @Test
    void layerNamesKeepTheirAttributeOrder() {
        assertEquals(List.of("dense_1", "flatten_1", "vlen_1", "block_1"), store.layerNames());
    }

    @Test
    void fixedLengthWeightNamesWithSlashesAreNestedPaths() {
        assertEquals(List.of("dense_1/W:0", "half", "ints", "uints", "scalar", "empty"),
                store.weights("dense_1").stream().map(NamedWeight::name).toList());
        assertArrayEquals(new int[] {2, 3}, weight("dense_1", 0).shape());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f}, weight("dense_1", 0).data());
    }

    @Test
    void deeplyNestedTensorflowNameResolves() {
        assertEquals("block_1/conv/kernel:0", store.weights("block_1").get(0).name());
        assertArrayEquals(new float[] {7f, 7f}, weight("block_1", 0).data());
        assertArrayEquals(new int[] {1, 1, 2}, weight("block_1", 0).shape());
    }

    @Test
    void float16BecomesFloat32() {
        assertArrayEquals(new float[] {1.5f, -2.25f}, weight("dense_1", 1).data());
    }

    @Test
    void signedAndUnsignedIntegersBecomeFloat32() {
        assertArrayEquals(new float[] {1f, -2f, 3f, 4f}, weight("dense_1", 2).data());
        assertArrayEquals(new int[] {2, 2}, weight("dense_1", 2).shape());
        assertArrayEquals(new float[] {0f, 255f}, weight("dense_1", 3).data());
    }

    @Test
    void scalarDatasetIsRankZero() {
        assertEquals(0, weight("dense_1", 4).rank());
        assertArrayEquals(new float[] {2.5f}, weight("dense_1", 4).data());
    }

    @Test
    void zeroLengthDatasetIsEmpty() {
        assertArrayEquals(new int[] {0, 3}, weight("dense_1", 5).shape());
        assertEquals(0, weight("dense_1", 5).size());
    }

    @Test
    void emptyFloatWeightNamesMeanNoWeights() {
        assertEquals(List.of(), store.weights("flatten_1"));
    }

    @Test
    void variableLengthWeightNamesAreRead() {
        assertEquals("vlen_1_W:0", store.weights("vlen_1").get(0).name());
        assertArrayEquals(new float[] {1f, 2f, 3f}, weight("vlen_1", 0).data());
    }

    @Test
    void variableLengthRootKerasVersionIsRead() {
        assertEquals(Optional.of("1.2.2"), ((Hdf5WeightStore) store).kerasVersion());
    }

    /** A weights file with one large dense layer (read lazily) and one small one (read at once). */
    private static Path largeAndSmall(Path dir) {
        Path file = dir.resolve("large.h5");
        float[][] w = new float[300][300];
        for (int i = 0; i < 300; i++) {
            w[i][i] = i;
        }
        try (io.jhdf.WritableHdfFile hdf = io.jhdf.HdfFile.write(file)) {
            hdf.putAttribute("layer_names", new String[] {"dense_1"});
            io.jhdf.api.WritableGroup layer = hdf.putGroup("dense_1");
            layer.putAttribute("weight_names", new String[] {"dense_1_W", "dense_1_b"});
            layer.putDataset("dense_1_W", w);
            layer.putDataset("dense_1_b", new float[] {1f, 2f, 3f});
        }
        return file;
    }

    @Test
    void largeWeightsAreReadWhenFirstUsed(@TempDir Path dir) {
        WeightStore store = KerasFiles.readWeights(largeAndSmall(dir));
        Tensor w = store.weights("dense_1").get(0).value();
        Tensor b = store.weights("dense_1").get(1).value();
        assertEquals(false, w.isLoaded());
        assertEquals(true, b.isLoaded());
        assertArrayEquals(new int[] {300, 300}, w.shape());
        assertEquals(299f, w.get(299, 299));
        assertEquals(0f, w.get(299, 298));
    }

    @Test
    void aFileChangedBeforeItsLargeWeightsAreReadIsRejected(@TempDir Path dir) throws IOException {
        Path file = largeAndSmall(dir);
        WeightStore store = KerasFiles.readWeights(file);
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        keras1j.errors.InvalidModelException e = org.junit.jupiter.api.Assertions.assertThrows(
                keras1j.errors.InvalidModelException.class, () -> store.weights("dense_1").get(0).value().data());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("changed since the model was imported"),
                e.getMessage());
    }
}
