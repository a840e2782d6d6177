package keras1j.keras.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import keras1j.runtime.io.AtomicFiles;
import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.runtime.tensor.Tensor;

class Hdf5TensorsTest {
    private static final Path MNIST_IO = Fixtures.caseDir("keras1", "mnist_cnn_th").resolve("io.h5");

    @TempDir
    Path tmp;

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }

    /** A tensor 0, 1, 2, ... (offset by {@code start}) of {@code shape}. */
    private static Tensor iota(float start, int... shape) {
        float[] data = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = start + i;
        }
        return Tensor.of(data, shape);
    }

    private List<String> directoryListing() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void readsFixtureInputsWithShapeAndValues() {
        Map<String, Tensor> inputs = Hdf5Tensors.readGroup(MNIST_IO, "inputs");

        assertEquals(List.of("convolution2d_input_1"), List.copyOf(inputs.keySet()));
        Tensor x = inputs.get("convolution2d_input_1");
        assertArrayEquals(new int[] {2, 1, 12, 12}, x.shape());
        assertEquals(0.23843789100646973f, x.get(0, 0, 0, 0));
        assertEquals(0.9682859778404236f, x.get(0, 0, 0, 1));
        assertEquals(0.3510034680366516f, x.get(0, 0, 0, 2));
    }

    @Test
    void readsFixtureOutputs() {
        Tensor y = Hdf5Tensors.readGroup(MNIST_IO, "outputs").get("activation_4");

        assertArrayEquals(new int[] {2, 5}, y.shape());
        assertEquals(0.1667458415031433f, y.get(0, 0));
        assertEquals(0.2265891134738922f, y.get(0, 4));
    }

    @Test
    void layerOutputsAreSortedByName() {
        Map<String, Tensor> layers = Hdf5Tensors.readGroup(MNIST_IO, "layer_outputs");

        assertEquals(List.of("activation_1", "activation_2", "activation_3", "activation_4", "convolution2d_1",
                "convolution2d_2", "dense_1", "dense_2", "dropout_1", "dropout_2", "flatten_1", "maxpooling2d_1"),
                List.copyOf(layers.keySet()));
        assertArrayEquals(new int[] {2, 64}, layers.get("flatten_1").shape());
    }

    static Stream<Fixtures.Case> ioCases() {
        return Fixtures.allCases().stream().filter(c -> c.has("io.h5"));
    }

    /** The manifest's {@code inputs} / {@code outputs}: dataset name to batch-first shape. */
    private static Map<String, List<Integer>> manifestShapes(Fixtures.Case fixture, String field) {
        Map<String, List<Integer>> shapes = new TreeMap<>();
        fixture.entry().get(field).fields().forEachRemaining(e -> {
            List<Integer> shape = new ArrayList<>();
            e.getValue().forEach(d -> shape.add(d.asInt()));
            shapes.put(e.getKey(), shape);
        });
        return shapes;
    }

    private static Map<String, List<Integer>> shapes(Map<String, Tensor> tensors) {
        Map<String, List<Integer>> shapes = new TreeMap<>();
        tensors.forEach((name, t) -> shapes.put(name, Arrays.stream(t.shape()).boxed().toList()));
        return shapes;
    }

    @ParameterizedTest
    @MethodSource("ioCases")
    void everyFixtureIoFileHasTheManifestInputsAndOutputs(Fixtures.Case fixture) {
        Path io = fixture.dir().resolve("io.h5");

        assertEquals(manifestShapes(fixture, "inputs"), shapes(Hdf5Tensors.readGroup(io, "inputs")));
        assertEquals(manifestShapes(fixture, "outputs"), shapes(Hdf5Tensors.readGroup(io, "outputs")));
    }

    @Test
    void rootStringAttributesOfFixtureIo() {
        Map<String, String> attributes = Hdf5Tensors.rootStringAttributes(MNIST_IO);

        assertEquals("1.2.2", attributes.get("keras_version"));
        assertEquals("theano", attributes.get("backend"));
        assertEquals("th", attributes.get("image_dim_ordering"));
        assertEquals("mnist_cnn_th", attributes.get("case"));
    }

    @Test
    void hasGroupTellsPresentFromMissing() {
        assertTrue(Hdf5Tensors.hasGroup(MNIST_IO, "layer_outputs"));
        assertTrue(Hdf5Tensors.hasGroup(MNIST_IO, "/inputs"));
        assertFalse(Hdf5Tensors.hasGroup(MNIST_IO, "expected"));
        assertFalse(Hdf5Tensors.hasGroup(MNIST_IO, "inputs/convolution2d_input_1"));
    }

    @Test
    void missingGroupNamesFileAndGroup() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.readGroup(MNIST_IO, "layer_outputz"));

        assertMentions(e, "io.h5", "'layer_outputz'");
    }

    @Test
    void missingFileIsAnInputError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.readGroup(tmp.resolve("absent_io.h5"), "inputs"));

        assertMentions(e, "absent_io.h5", "not found");
    }

    @Test
    void textFileIsNotHdf5() throws IOException {
        Path file = Files.writeString(tmp.resolve("inputs.csv"), "1,2,3\n");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.readGroup(file, "inputs"));

        assertMentions(e, "inputs.csv", "is not an HDF5 file");
    }

    @Test
    void truncatedIoFileIsAnInputError() throws IOException {
        byte[] bytes = Files.readAllBytes(MNIST_IO);
        Path file = Files.write(tmp.resolve("cut_io.h5"), Arrays.copyOf(bytes, bytes.length / 2));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.readGroup(file, "inputs"));

        assertMentions(e, "cut_io.h5", "truncated");
    }

    static Stream<int[]> shapes() {
        return Stream.of(new int[] {7}, new int[] {2, 3}, new int[] {2, 3, 4}, new int[] {1, 2, 3, 4},
                new int[] {2, 1, 3, 2, 2}, new int[] {3, 1, 1}, new int[] {});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void writeThenReadBackKeepsShapeAndRowMajorValues(int[] shape) {
        Path out = tmp.resolve("round_trip.h5");
        Tensor tensor = iota(0.5f, shape);

        Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("y", tensor)));

        Tensor back = Hdf5Tensors.readGroup(out, "outputs").get("y");
        assertArrayEquals(shape, back.shape());
        assertArrayEquals(tensor.data(), back.data());
    }

    @Test
    void writtenDatasetsAreFloat32ForOtherReaders() {
        Path out = tmp.resolve("typed.h5");

        Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("y", iota(1f, 2, 3, 4))));

        try (HdfFile hdf = new HdfFile(out)) {
            Dataset y = hdf.getDatasetByPath("outputs/y");
            assertEquals(float.class, y.getJavaType());
            assertArrayEquals(new int[] {2, 3, 4}, y.getDimensions());
            float[][][] data = (float[][][]) y.getData();
            assertEquals(1f + 1 * 12 + 2 * 4 + 3, data[1][2][3]);
        }
    }

    @Test
    void writesSeveralGroupsAndDatasets() {
        Path out = tmp.resolve("multi.h5");
        Map<String, Map<String, Tensor>> groups = new LinkedHashMap<>();
        groups.put("outputs", Map.of("b_out", iota(1f, 2, 2), "a_out", iota(10f, 3)));
        groups.put("layer_outputs", Map.of("dense_1", iota(-5f, 1, 4)));

        Hdf5Tensors.writeGroups(out, groups);

        assertEquals(List.of("a_out", "b_out"), List.copyOf(Hdf5Tensors.readGroup(out, "outputs").keySet()));
        assertArrayEquals(new float[] {10f, 11f, 12f}, Hdf5Tensors.readGroup(out, "outputs").get("a_out").data());
        assertArrayEquals(new float[] {-5f, -4f, -3f, -2f},
                Hdf5Tensors.readGroup(out, "layer_outputs").get("dense_1").data());
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path out = tmp.resolve("out.h5");
        Files.writeString(out, "old content");

        Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("y", iota(1f, 2))));

        assertArrayEquals(new float[] {1f, 2f}, Hdf5Tensors.readGroup(out, "outputs").get("y").data());
        assertEquals(List.of("out.h5"), directoryListing());
    }

    @Test
    void missingOutputDirectoryIsAClearErrorAndWritesNothing() throws IOException {
        Path out = tmp.resolve("no_such_dir").resolve("out.h5");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("y", iota(1f, 2)))));

        assertMentions(e, "no_such_dir", "does not exist");
        assertEquals(List.of(), directoryListing());
    }

    @Test
    void emptyTensorIsRejectedAndTheExistingFileIsKept() throws IOException {
        Path out = tmp.resolve("out.h5");
        Files.writeString(out, "old content");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("y", Tensor.zeros(0, 3)))));

        assertMentions(e, "out.h5", "'outputs/y'", "empty");
        assertEquals("old content", Files.readString(out));
        assertEquals(List.of("out.h5"), directoryListing());
    }

    @Test
    void nameWithSlashIsRejected() {
        Path out = tmp.resolve("out.h5");

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("a/b", iota(1f, 2)))));

        assertMentions(e, "out.h5", "'a/b'");
        assertFalse(Files.exists(out));
    }

    @Test
    void outputThatIsADirectoryIsRejected() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out.h5"));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hdf5Tensors.writeGroups(out, Map.of("outputs", Map.of("y", iota(1f, 2)))));

        assertMentions(e, "out.h5", "is a directory");
        assertEquals(List.of("out.h5"), directoryListing());
    }

    @Test
    void failureWhileWritingDeletesTheTemporaryFileAndKeepsTheTarget() throws IOException {
        Path out = tmp.resolve("out.h5");
        Files.writeString(out, "old content");

        Keras1jException e = assertThrows(Keras1jException.class, () -> AtomicFiles.write(out, temp -> {
            Files.writeString(temp, "partial");
            throw new IOException("disk full");
        }));

        assertMentions(e, "out.h5", "disk full");
        assertEquals("old content", Files.readString(out));
        assertEquals(List.of("out.h5"), directoryListing());
    }

    @Test
    void uncheckedFailureWhileWritingAlsoCleansUp() throws IOException {
        Path out = tmp.resolve("fresh.h5");

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(out, temp -> {
            Files.writeString(temp, "partial");
            throw new IllegalStateException("writer bug");
        }));

        assertFalse(Files.exists(out));
        assertEquals(List.of(), directoryListing());
    }
}
