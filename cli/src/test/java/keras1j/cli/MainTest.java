package keras1j.cli;

import static keras1j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;

/** The command line as scripts see it: output lines and exit codes. */
class MainTest {
    private static final Path MNIST = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");
    private static final Path TWO_IO = Path.of("..", "fixtures", "keras1", "two_inputs_two_outputs");

    @Test
    void summaryPrintsLayersBackendAndTotals() {
        CliRun r = run("summary", MNIST.resolve("model.h5").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Backend: theano"), r.out());
        assertTrue(r.out().contains("Dim ordering: th"), r.out());
        assertTrue(r.out().contains("(Convolution2D)"), r.out());
        assertTrue(r.out().contains("Total params:"), r.out());
    }

    /** Keras 1.2.2 {@code to_json()} of Convolution1D(2, 3, input_shape=(None, 8)), GlobalMaxPooling1D. */
    private static final String OPEN_JSON = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": "
            + "\"Convolution1D\", \"config\": {\"name\": \"convolution1d_1\", \"trainable\": true, \"batch_input_shape\": "
            + "[null, null, 8], \"input_dtype\": \"float32\", \"nb_filter\": 2, \"filter_length\": 3, \"init\": "
            + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"valid\", \"subsample_length\": 1, "
            + "\"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, "
            + "\"b_constraint\": null, \"bias\": true, \"input_dim\": 8, \"input_length\": null}}, {\"class_name\": "
            + "\"GlobalMaxPooling1D\", \"config\": {\"name\": \"globalmaxpooling1d_1\", \"trainable\": true}}], "
            + "\"keras_version\": \"1.2.2\"}";

    @Test
    void summaryAndExportAcceptAnOpenInputSize(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("open.json");
        Files.writeString(json, OPEN_JSON);
        CliRun summary = run("summary", json.toString());
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("(None, None, 2)"), summary.out());
        Path onnx = tmp.resolve("open.onnx");
        CliRun export = run("export", json.toString(), "--random-weights", "1", "--onnx", onnx.toString(),
                "--opset", "17");
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.size(onnx) > 0);
    }

    @Test
    void verifyPassesOnReferenceOutputs() {
        CliRun r = run("verify", MNIST.resolve("model.h5").toString(), "--io", MNIST.resolve("io.h5").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS"), r.out());
    }

    @Test
    void verifyFailsWithExitOneAndNamesFirstDivergingLayerUnderWrongBackend() {
        CliRun r = run("verify", MNIST.resolve("model.h5").toString(), "--io", MNIST.resolve("io.h5").toString(),
                "--backend", "tensorflow");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL"), r.out());
        assertTrue(r.out().contains("first diverging layer: convolution2d_1"), r.out());
    }

    @Test
    void verifyOnOnnxRuntimePasses() {
        CliRun r = run("verify", MNIST.resolve("model.h5").toString(), "--io", MNIST.resolve("io.h5").toString(),
                "--engine", "onnxruntime");
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void predictWritesEveryOutputOfATwoOutputModel(@TempDir Path tmp) {
        Path out = tmp.resolve("out.h5");
        CliRun r = run("predict", TWO_IO.resolve("model.h5").toString(), "--input", TWO_IO.resolve("io.h5").toString(),
                "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Tensor> written = Hdf5Tensors.readGroup(out, "outputs");
        assertEquals(java.util.Set.of("class_out", "mask_out"), written.keySet());
        assertEquals(4, written.get("mask_out").rank());
    }

    @Test
    void predictWithMissingInputDatasetIsAUsageErrorAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path in = tmp.resolve("in.h5");
        Hdf5Tensors.writeGroups(in, Map.of("inputs", Map.of("wrong_name", Tensor.zeros(1, 1, 28, 28))));
        Path out = tmp.resolve("out.h5");
        CliRun r = run("predict", MNIST.resolve("model.h5").toString(), "--input", in.toString(), "--output",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("convolution2d_input_1"), r.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void sequentialInputNumberedByAnotherKerasSessionStillMatches(@TempDir Path tmp) {
        Map<String, Tensor> io = Hdf5Tensors.readGroup(MNIST.resolve("io.h5"), "inputs");
        Path in = tmp.resolve("in.h5");
        Hdf5Tensors.writeGroups(in, Map.of("inputs", Map.of("convolution2d_input_3", io.get("convolution2d_input_1"))));
        CliRun r = run("predict", MNIST.resolve("model.h5").toString(), "--input", in.toString(), "--output",
                tmp.resolve("out.h5").toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void notAnHdf5ModelExitsThreeWithOneLineReason(@TempDir Path tmp) throws IOException {
        Path bogus = tmp.resolve("model.h5");
        Files.writeString(bogus, "this is not a model");
        CliRun r = run("summary", bogus.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("model.h5"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unknownCommandAndUnknownOptionAreUsageErrors() {
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("summary", "x.h5", "--colour", "red").code());
        assertEquals(2, run().code());
    }

    @Test
    void exportWritesAnOnnxFile(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("mnist.onnx");
        CliRun r = run("export", MNIST.resolve("model.h5").toString(), "--onnx", out.toString(), "--opset", "17");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(out) > 1000);
    }

    @Test
    void exportAtUnsupportedOpsetIsAUsageErrorAndLeavesNoFile(@TempDir Path tmp) {
        Path out = tmp.resolve("mnist.onnx");
        CliRun r = run("export", MNIST.resolve("model.h5").toString(), "--onnx", out.toString(), "--opset", "9");
        assertEquals(2, r.code(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void verifyDirRunsEveryCaseAndPrintsCounts() {
        CliRun r = run("verify", Path.of("..", "fixtures", "keras1-tf").toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().strip().endsWith("33 passed, 0 failed, 0 skipped"), r.out());
    }

    @Test
    void benchPrintsThroughputAndPercentiles() {
        CliRun r = run("bench", MNIST.resolve("model.h5").toString(), "--warmup-seconds", "0", "--seconds", "0.2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("p99"), r.out());
    }

    @Test
    void plotWritesSvgPngAndDotFromTheArchitectureAlone(@TempDir Path tmp) throws IOException {
        for (String ext : new String[] {"svg", "png", "dot"}) {
            Path out = tmp.resolve("model." + ext);
            CliRun r = run("plot", TWO_IO.resolve("model.json").toString(), "--output", out.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("wrote " + out + " (" + ext + ", 12 layers)", r.out().strip());
            assertTrue(Files.size(out) > 500);
        }
        assertTrue(Files.readString(tmp.resolve("model.svg")).contains("data-layer=\"concat_feat\""));
    }

    @Test
    void plotToAnUnknownExtensionIsAUsageError(@TempDir Path tmp) {
        Path out = tmp.resolve("model.jpg");
        CliRun r = run("plot", TWO_IO.resolve("model.json").toString(), "--output", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--output must end in .svg, .png or .dot"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void verifyWritesTheHtmlReportNextToItsUsualOutput(@TempDir Path tmp) throws IOException {
        Path html = tmp.resolve("report.html");
        CliRun r = run("verify", TWO_IO.resolve("model.h5").toString(), "--io", TWO_IO.resolve("io.h5").toString(),
                "--report", html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("class_out [2, 3] max|diff|="), r.out());
        assertTrue(r.out().strip().endsWith("wrote " + html), r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("<span class=\"verdict pass\">PASS</span>"));
        assertTrue(page.contains("data-layer=\"globalmaxpooling1d_1\""));
    }

    @Test
    void reportOfAFixtureFolderIsAUsageError(@TempDir Path tmp) {
        CliRun r = run("verify", Path.of("..", "fixtures", "keras1-tf").toString(), "--report",
                tmp.resolve("r.html").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--report needs one MODEL with --io"), r.err());
    }
}
