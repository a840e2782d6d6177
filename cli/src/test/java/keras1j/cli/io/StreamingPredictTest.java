package keras1j.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Verifier;

/** Streaming prediction over NumPy and HDF5 files, checked bit for bit against whole-batch predictions. */
class StreamingPredictTest {
    private static final Path FIXTURES = Path.of("..", "fixtures", "keras1");
    private static final Path MNIST = FIXTURES.resolve("mnist_cnn_th/model.h5");
    private static final Path TWO_IO = FIXTURES.resolve("two_inputs_two_outputs");
    private static final Path EMBEDDING = FIXTURES.resolve("text_cnn_embedding_globalmax");

    @TempDir
    Path tmp;

    private static ImportedModel load(Path model, Map<String, Tensor> shapes) {
        return KerasModelLoader.load(model, null, Verifier.withInputShapesOf(ImportOptions.defaults(), shapes));
    }

    private static StreamingPredict.Result run(Path model, Path in, Path out, int batch) {
        return StreamingPredict.run(in, out, batch, shapes -> load(model, shapes),
                m -> JavaEngine.create(m.graph()), Progress.silent(), new PrintStream(new ByteArrayOutputStream()));
    }

    /** The whole input predicted in one call. */
    private static Map<String, Tensor> reference(Path model, Map<String, Tensor> inputs) {
        ImportedModel m = load(model, inputs);
        try (Engine engine = JavaEngine.create(m.graph())) {
            return engine.predict(Verifier.modelInputs(m, inputs, Path.of("reference")));
        }
    }

    /** Every array of an output file: HDF5 datasets under outputs/, .npz entries, or a .npy under its name. */
    private static Map<String, Tensor> readAll(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".h5")) {
                return Hdf5Tensors.readGroup(file, "outputs");
            }
            if (name.endsWith(".npy")) {
                try (NpyRowReader r = NpyRowReader.open(file)) {
                    out.put(name, NpyTestFiles.readAll(r));
                }
                return out;
            }
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    String array = e.getName().substring(0, e.getName().length() - 4);
                    try (NpzRowReader r = NpzRowReader.open(name, zip, e, array)) {
                        out.put(array, NpyTestFiles.readAll(r));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static void assertBitwise(Tensor want, Tensor got) {
        assertArrayEquals(want.shape(), got.shape());
        assertArrayEquals(want.data(), got.data());
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void npyStreamingEqualsWholeBatchPredictionBitForBitAtEveryBatchSize() throws IOException {
        int n = 50;
        float[] x = random(n * 144, 1);
        Path in = NpyTestFiles.write(tmp.resolve("x.npy"), NpyTestFiles.npy("<f4", x, n, 1, 12, 12));
        Tensor want = reference(MNIST, Map.of("convolution2d_input_1", Tensor.of(x, n, 1, 12, 12))).get("activation_4");
        for (int batch : new int[] {1, 7, 32, 50, 64}) {
            Path out = tmp.resolve("y" + batch + ".npy");
            StreamingPredict.Result r = run(MNIST, in, out, batch);
            assertEquals(n, r.samples());
            assertArrayEquals(new int[] {n, 5}, r.outputShapes().get("activation_4"));
            assertBitwise(want, readAll(out).get(out.getFileName().toString()));
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void readsFloat64AndBigEndianInputs() throws IOException {
        int n = 9;
        float[] x = random(n * 144, 2);
        Tensor want = reference(MNIST, Map.of("convolution2d_input_1", Tensor.of(x, n, 1, 12, 12))).get("activation_4");
        for (String descr : new String[] {"<f8", ">f8", ">f4"}) {
            Path in = NpyTestFiles.write(tmp.resolve("x.npy"), NpyTestFiles.npy(descr, x, n, 1, 12, 12));
            Path out = tmp.resolve("y.npy");
            run(MNIST, in, out, 4);
            assertBitwise(want, readAll(out).get("y.npy"));
        }
    }

    @Test
    void embeddingIdsReadFromInt32AndInt64() throws IOException {
        Path model = EMBEDDING.resolve("model.h5");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(EMBEDDING.resolve("io.h5"), "inputs");
        Tensor ids = io.values().iterator().next();
        Tensor want = reference(model, io).values().iterator().next();
        long[] shape = java.util.Arrays.stream(ids.shape()).asLongStream().toArray();
        for (String descr : new String[] {"<i4", "<i8", ">i8", "|u1"}) {
            Path in = NpyTestFiles.write(tmp.resolve("ids.npy"), NpyTestFiles.npy(descr, ids.data(), shape));
            Path out = tmp.resolve("y.npz");
            run(model, in, out, 2);
            assertBitwise(want, readAll(out).values().iterator().next());
        }
        byte[] huge = NpyTestFiles.npy("<i8", ids.data(), shape);
        java.nio.ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(huge.length - 8, (1 << 24) + 1);
        Path in = NpyTestFiles.write(tmp.resolve("ids.npy"), huge);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(model, in, tmp.resolve("z.npy"), 1));
        assertTrue(e.getMessage().contains("ids.npy: sample " + (shape[0] - 1) + ": integer value 16777217 has no exact"
                + " float32"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("z.npy")));
    }

    @Test
    void npzInputsStoredAndDeflatedGiveNpzAndHdf5Outputs() throws IOException {
        Path model = TWO_IO.resolve("model.h5");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(TWO_IO.resolve("io.h5"), "inputs");
        Map<String, Tensor> want = reference(model, io);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        io.forEach((name, t) -> entries.put(name, NpyTestFiles.npy("<f4", t.data(),
                java.util.Arrays.stream(t.shape()).asLongStream().toArray())));
        for (boolean deflate : new boolean[] {false, true}) {
            Path in = NpyTestFiles.npz(tmp.resolve("x.npz"), entries, deflate);
            Path out = tmp.resolve("y.npz");
            run(model, in, out, 1);
            Map<String, Tensor> got = readAll(out);
            assertEquals(want.keySet(), got.keySet());
            want.forEach((name, t) -> assertBitwise(t, got.get(name)));
            try (ZipFile zip = new ZipFile(out.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                }
            }
            Path h5 = tmp.resolve("y.h5");
            run(model, in, h5, 1);
            Map<String, Tensor> fromH5 = Hdf5Tensors.readGroup(h5, "outputs");
            want.forEach((name, t) -> assertBitwise(t, fromH5.get(name)));
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void hdf5InputsAsBeforeContiguousAndChunked() throws IOException {
        Path model = TWO_IO.resolve("model.h5");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(TWO_IO.resolve("io.h5"), "inputs");
        Map<String, Tensor> want = reference(model, io);
        Path out = tmp.resolve("y.h5");
        run(model, TWO_IO.resolve("io.h5"), out, 1);
        Map<String, Tensor> got = Hdf5Tensors.readGroup(out, "outputs");
        want.forEach((name, t) -> assertBitwise(t, got.get(name)));

        // chunked (and deflated) datasets read by hyperslabs; float64 and int32 contiguous ones by byte ranges
        int n = 11;
        float[] x = random(n * 144, 3);
        Tensor want1 = reference(MNIST, Map.of("convolution2d_input_1", Tensor.of(x, n, 1, 12, 12))).get("activation_4");
        float[][][][] f = new float[n][1][12][12];
        double[][][][] d = new double[n][1][12][12];
        for (int i = 0; i < x.length; i++) {
            f[i / 144][0][(i % 144) / 12][i % 12] = x[i];
            d[i / 144][0][(i % 144) / 12][i % 12] = x[i];
        }
        Object[] layouts = {DatasetCreationOptions.builder().chunkDimensions(4, 1, 12, 12).build(),
            DatasetCreationOptions.builder().chunkDimensions(3, 1, 5, 12).deflate().build(), null};
        for (Object layout : layouts) {
            for (Object data : new Object[] {f, d}) {
                Path in = tmp.resolve("x.h5");
                try (WritableHdfFile hdf = HdfFile.write(in)) {
                    WritableGroup g = hdf.putGroup("inputs");
                    if (layout == null) {
                        g.putDataset("convolution2d_input_1", data);
                    } else {
                        g.putDataset("convolution2d_input_1", data, (DatasetCreationOptions) layout);
                    }
                }
                Path y = tmp.resolve("y.npy");
                run(MNIST, in, y, 4);
                assertBitwise(want1, readAll(y).get("y.npy"));
            }
        }
    }

    @Test
    void hdf5IntegerIdsReadContiguous() throws IOException {
        Path model = EMBEDDING.resolve("model.h5");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(EMBEDDING.resolve("io.h5"), "inputs");
        String name = io.keySet().iterator().next();
        Tensor ids = io.get(name);
        Tensor want = reference(model, io).values().iterator().next();
        int[][] ints = new int[ids.dim(0)][ids.dim(1)];
        long[][] longs = new long[ids.dim(0)][ids.dim(1)];
        for (int i = 0; i < ids.size(); i++) {
            ints[i / ids.dim(1)][i % ids.dim(1)] = (int) ids.data()[i];
            longs[i / ids.dim(1)][i % ids.dim(1)] = (long) ids.data()[i];
        }
        for (Object data : new Object[] {ints, longs}) {
            Path in = tmp.resolve("ids.h5");
            try (WritableHdfFile hdf = HdfFile.write(in)) {
                hdf.putGroup("inputs").putDataset(name, data);
            }
            Path out = tmp.resolve("y.npy");
            run(model, in, out, 3);
            assertBitwise(want, readAll(out).get("y.npy"));
        }
    }

    private String failure(Path model, Path in, Path out) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(model, in, out, 4));
        assertFalse(Files.exists(out), "nothing written on failure");
        return e.getMessage();
    }

    @Test
    void usageErrorsComeBeforeAnythingIsWritten() throws IOException {
        Path npy = NpyTestFiles.write(tmp.resolve("x.npy"), NpyTestFiles.npy("<f4", random(144 * 2, 4), 2, 1, 12, 12));
        assertTrue(failure(MNIST, npy, tmp.resolve("y.txt")).contains("unknown extension; use .npy (one output), .npz"
                + " or .h5/.hdf5"));
        assertTrue(failure(MNIST, npy, tmp.resolve("y")).contains("unknown extension"));
        Path twoModel = TWO_IO.resolve("model.h5");
        assertTrue(failure(twoModel, TWO_IO.resolve("io.h5"), tmp.resolve("y.npy"))
                .contains("a .npy file holds one array, but the model has 2 outputs [class_out, mask_out]"));
        Path image = NpyTestFiles.write(tmp.resolve("image.npy"), NpyTestFiles.npy("<f4", random(72, 5), 1, 2, 6, 6));
        String m = failure(twoModel, image, tmp.resolve("y.npz"));
        assertTrue(m.contains("image.npy: a .npy file holds one array, but the model has 2 inputs [image, sequence];"
                + " give them as a .npz"), m);
        Path wrong = NpyTestFiles.write(tmp.resolve("w.npy"), NpyTestFiles.npy("<f4", random(2 * 28, 6), 2, 28));
        m = failure(MNIST, wrong, tmp.resolve("y.npy"));
        assertTrue(m.contains("w.npy: model input 'convolution2d_input_1' takes samples of shape [1, 12, 12]"
                + " (array shape [N, 1, 12, 12]), the array has shape [2, 28]"), m);
        Path empty = NpyTestFiles.write(tmp.resolve("e.npy"), NpyTestFiles.npy("<f4", new float[0], 0, 1, 12, 12));
        assertTrue(failure(MNIST, empty, tmp.resolve("y.npy")).contains("e.npy: has no samples"));
    }

    @Test
    void openInputSizesComeFromTheArrays() throws IOException {
        Path dir = FIXTURES.resolve("conv1d_varlen_inputdim");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(dir.resolve("io.h5"), "inputs");
        Map.Entry<String, Tensor> input = io.entrySet().iterator().next();
        long[] shape = java.util.Arrays.stream(input.getValue().shape()).asLongStream().toArray();
        byte[] npy = NpyTestFiles.npy("<f4", input.getValue().data(), shape);
        Path npz = NpyTestFiles.npz(tmp.resolve("x.npz"), Map.of(input.getKey(), npy), true);
        Path out = tmp.resolve("y.npz");
        run(dir.resolve("model.h5"), npz, out, 1);
        reference(dir.resolve("model.h5"), io).forEach((name, t) -> assertBitwise(t, readAll(out).get(name)));
        Path single = tmp.resolve("z.npy");
        run(dir.resolve("model.h5"), NpyTestFiles.write(tmp.resolve("x.npy"), npy), single, 1);
        Tensor only = reference(dir.resolve("model.h5"), io).values().iterator().next();
        assertBitwise(only, readAll(single).get("z.npy"));
    }

    @Test
    void npzErrorsNameTheArchiveAndEntry() throws IOException {
        Path model = TWO_IO.resolve("model.h5");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(TWO_IO.resolve("io.h5"), "inputs");
        Tensor image = io.get("image");
        Tensor seq = io.get("sequence");
        long[] imageShape = java.util.Arrays.stream(image.shape()).asLongStream().toArray();
        Path missing = NpyTestFiles.npz(tmp.resolve("m.npz"),
                Map.of("image", NpyTestFiles.npy("<f4", image.data(), imageShape)), false);
        String m = failure(model, missing, tmp.resolve("y.npz"));
        assertTrue(m.contains("m.npz: no entry 'sequence.npy' for model input 'sequence' (has [image.npy]"), m);

        long[] seqShape = java.util.Arrays.stream(seq.shape()).asLongStream().toArray();
        seqShape[0] -= 1;
        float[] fewer = java.util.Arrays.copyOf(seq.data(), (int) NpyHeader.elementCount(seqShape));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("image", NpyTestFiles.npy("<f4", image.data(), imageShape));
        entries.put("sequence", NpyTestFiles.npy("<f4", fewer, seqShape));
        m = failure(model, NpyTestFiles.npz(tmp.resolve("c.npz"), entries, true), tmp.resolve("y.npz"));
        assertTrue(m.contains("c.npz: inputs have different sample counts"), m);

        byte[] truncated = NpyTestFiles.npy("<f4", image.data(), imageShape);
        entries.put("image", java.util.Arrays.copyOf(truncated, truncated.length - 4));
        m = failure(model, NpyTestFiles.npz(tmp.resolve("t.npz"), entries, false), tmp.resolve("y.npz"));
        assertTrue(m.contains("t.npz: entry 'image.npy' is truncated"), m);
        m = failure(model, NpyTestFiles.npz(tmp.resolve("t2.npz"), entries, true), tmp.resolve("y.npz"));
        assertTrue(m.contains("t2.npz: entry 'image.npy' is truncated"), m);

        entries.put("image", NpyTestFiles.header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"));
        m = failure(model, NpyTestFiles.npz(tmp.resolve("f.npz"), entries, false), tmp.resolve("y.npz"));
        assertTrue(m.contains("f.npz: entry 'image.npy': array is stored in Fortran order"), m);

        Path notZip = NpyTestFiles.write(tmp.resolve("bad.npz"), "PK\u0003\u0004 not really a zip".getBytes(
                StandardCharsets.ISO_8859_1));
        m = failure(model, notZip, tmp.resolve("y.npz"));
        assertTrue(m.contains("bad.npz: not a valid .npz (ZIP) archive"), m);
        Path text = NpyTestFiles.write(tmp.resolve("text.npz"), "hello".getBytes(StandardCharsets.US_ASCII));
        assertTrue(failure(model, text, tmp.resolve("y.npz")).contains("text.npz is not a NumPy .npz file"));
    }

    @Test
    void npyErrorsNameTheFile() throws IOException {
        byte[] good = NpyTestFiles.npy("<f4", random(3 * 144, 7), 3, 1, 12, 12);
        Path cut = NpyTestFiles.write(tmp.resolve("cut.npy"), java.util.Arrays.copyOf(good, good.length - 1));
        String m = failure(MNIST, cut, tmp.resolve("y.npy"));
        assertTrue(m.contains("cut.npy is truncated: its header announces shape [3, 1, 12, 12] of float32 (1856 bytes),"
                + " the file has 1855"), m);
        Path complex = NpyTestFiles.write(tmp.resolve("c.npy"), NpyTestFiles.header(NpyTestFiles.dict("<c8", 1, 1, 12, 12)));
        assertTrue(failure(MNIST, complex, tmp.resolve("y.npy")).contains("c.npy: unsupported dtype '<c8'"));
        Path fortran = NpyTestFiles.write(tmp.resolve("f.npy"),
                NpyTestFiles.header("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 1, 12, 12), }"), good);
        assertTrue(failure(MNIST, fortran, tmp.resolve("y.npy")).contains("f.npy: array is stored in Fortran order"));
        Path garbage = NpyTestFiles.write(tmp.resolve("g.npy"), "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(failure(MNIST, garbage, tmp.resolve("y.npy")).contains("g.npy is not a NumPy .npy file"));
        Path scalar = NpyTestFiles.write(tmp.resolve("s.npy"), NpyTestFiles.npy("<f4", new float[] {1}));
        assertTrue(failure(MNIST, scalar, tmp.resolve("y.npy")).contains("s.npy: is a scalar"));
        assertTrue(failure(MNIST, tmp.resolve("absent.npy"), tmp.resolve("y.npy")).contains("file not found"));
    }

    @Test
    void aFailureMidwayLeavesTheOldOutputAndNoTemporaryFiles() throws IOException {
        Path model = EMBEDDING.resolve("model.h5");
        Map<String, Tensor> io = Hdf5Tensors.readGroup(EMBEDDING.resolve("io.h5"), "inputs");
        Tensor ids = io.values().iterator().next();
        long[] shape = java.util.Arrays.stream(ids.shape()).asLongStream().toArray();
        float[] bad = ids.data().clone();
        bad[bad.length - 1] = -(1 << 25);
        Path in = NpyTestFiles.write(tmp.resolve("ids.npy"), NpyTestFiles.npy("<i4", bad, shape));
        for (String name : new String[] {"y.npy", "y.npz", "y.h5"}) {
            Path out = tmp.resolve(name);
            Files.writeString(out, "previous");
            assertThrows(InvalidInputException.class, () -> run(model, in, out, 1));
            assertEquals("previous", Files.readString(out));
        }
        List<Path> left = leftovers();
        assertEquals(List.of(), left);
    }

    @Test
    void printsOneLinePerOutputThenTheFile() throws IOException {
        Path in = NpyTestFiles.write(tmp.resolve("x.npy"), NpyTestFiles.npy("<f4", random(3 * 144, 8), 3, 1, 12, 12));
        for (String name : new String[] {"y.npy", "y.h5"}) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            StreamingPredict.run(in, tmp.resolve(name), 2, shapes -> load(MNIST, shapes), m -> JavaEngine.create(m.graph()),
                    Progress.silent(), new PrintStream(text, true, StandardCharsets.UTF_8));
            String prefix = name.endsWith(".h5") ? "outputs/" : "";
            assertEquals(prefix + "activation_4 [3, 5]\nwrote " + tmp.resolve(name) + "\n",
                    text.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        }
    }

    @Test
    void rejectsABatchSizeBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> run(MNIST, tmp.resolve("x.npy"), tmp.resolve("y.npy"), 0));
    }

    @Test
    void bigEndianOutputOrderIsNeverWritten() throws IOException {
        Path in = NpyTestFiles.write(tmp.resolve("x.npy"), NpyTestFiles.npy(">f4", random(144, 9), 1, 1, 12, 12));
        Path out = tmp.resolve("y.npy");
        run(MNIST, in, out, 1);
        try (NpyRowReader r = NpyRowReader.open(out)) {
            assertEquals("float32", r.typeName());
        }
        byte[] head = Files.readAllBytes(out);
        assertTrue(new String(head, StandardCharsets.ISO_8859_1).contains("'descr': '<f4', 'fortran_order': False,"
                + " 'shape': (1, 5), }"));
        assertEquals(ByteOrder.LITTLE_ENDIAN, NpyHeader.read(new java.io.ByteArrayInputStream(head)).order());
    }
}
