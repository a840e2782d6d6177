package keras1j.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.EngineSettings;
import keras1j.verify.Engines;

/**
 * The streaming bound, proven in a child JVM: {@code keras1j predict} over a 144 MiB {@code .npy}
 * on a 32 MiB heap (reading it whole would need 4.5 times the heap), with outputs checked bit for
 * bit against slices predicted here.
 */
class BoundedMemoryTest {
    private static final Path MODEL = Path.of("..", "fixtures", "keras1", "mnist_cnn_th", "model.h5");
    private static final int SAMPLE = 144; // [1, 12, 12]
    private static final int ROWS = 1 << 18; // 262,144 samples: 144 MiB of float32
    private static final String HEAP = "-Xmx32m";

    /** Deterministic input value of element {@code i}. */
    private static float value(long i) {
        return (((i * 2654435761L) >>> 7) & 0xffff) / 65536f - 0.5f;
    }

    private static float[] rows(long first, int count) {
        float[] v = new float[count * SAMPLE];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(first * SAMPLE + i);
        }
        return v;
    }

    private static void writeInput(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(NpyHeader.encode(ElementType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new long[] {ROWS, 1, 12, 12}));
            ByteBuffer b = ByteBuffer.allocate(SAMPLE * 1024 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long row = 0; row < ROWS; row += 1024) {
                int n = (int) Math.min(1024, ROWS - row);
                b.clear();
                b.asFloatBuffer().put(rows(row, n));
                out.write(b.array(), 0, n * SAMPLE * Float.BYTES);
            }
        }
    }

    @Test
    void predictsAnInputOfFourAndAHalfHeapsInAChildJvm(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("big.npy");
        Path out = tmp.resolve("out.npy");
        writeInput(in);
        assertTrue(Files.size(in) > 4L * 32 * 1024 * 1024);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC"));
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vector) {
            cmd.add("--add-modules=jdk.incubator.vector"); // the same kernels as this JVM: same bits
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "keras1j.cli.Main", "predict",
                MODEL.toString(), "--input", in.toString(), "--output", out.toString(), "--batch-size", "64",
                "--no-progress"));
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 180 s: " + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("activation_4 [" + ROWS + ", 5]"), Files.readString(log));

        ImportedModel model = KerasModelLoader.load(MODEL, null, ImportOptions.defaults());
        try (Engine engine = Engines.open(model.graph(), EngineSettings.defaults());
                NpyRowReader written = NpyRowReader.open(out)) {
            assertEquals(ROWS, written.rows());
            long[] starts = {0, ROWS / 2 - 5, ROWS - 17};
            long at = 0;
            for (long start : starts) {
                int n = 17;
                written.next((int) (start - at)); // skip (one bounded slice)
                float[] got = written.next(n);
                at = start + n;
                Tensor want = engine.predict(Map.of("convolution2d_input_1", Tensor.of(rows(start, n), n, 1, 12, 12)))
                        .get("activation_4");
                assertArrayEquals(want.data(), got, "samples " + start + "+" + n);
            }
        }
    }
}
