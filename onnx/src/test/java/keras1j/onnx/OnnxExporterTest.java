package keras1j.onnx;

import static keras1j.onnx.OpCases.conv;
import static keras1j.onnx.OpCases.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;

class OnnxExporterTest {

    /** A small tf-ordered convnet with Keras-like names and metadata. */
    static Graph convnet() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("input_1", Shape.batched(6, 6, 1));
        String c = b.add("convolution2d_1", conv(1, new int[] {3, 3, 1, 2}, true, ints(1, 1), ints(2, 2),
                ints(2, 2), ints(2, 2), 1), x);
        String r = b.add("activation_1", Activation.of(ActivationKind.RELU), c);
        String f = b.add("flatten_1", new Reshape(ints(72)), r);
        b.output("dense_1", b.add("dense_1", new Dense(TestData.random(2, 72, 3), TestData.randomVector(3, 3)), f));
        b.metadata("source", "/models/mnist_cnn.h5");
        b.metadata("keras_version", "1.2.2");
        b.metadata("backend", "tensorflow");
        b.metadata("dim_ordering", "tf");
        return b.build();
    }

    private static List<Long> dims(ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream().map(TensorShapeProto.Dimension::getDimValue)
                .collect(Collectors.toList());
    }

    @Test
    void graphInputsAndOutputsKeepIrNamesAndShapesWithSymbolicBatch() {
        ModelProto m = OnnxExporter.toModel(convnet(), OnnxExportOptions.defaults());
        ValueInfoProto in = m.getGraph().getInput(0);
        assertEquals("input_1", in.getName());
        assertEquals(1, m.getGraph().getInputCount());
        assertEquals(OnnxContext.BATCH_DIM, in.getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(List.of(0L, 6L, 6L, 1L), dims(in));
        ValueInfoProto out = m.getGraph().getOutput(0);
        assertEquals("dense_1", out.getName());
        assertEquals("N", out.getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(List.of(0L, 3L), dims(out));
    }

    @Test
    void modelCarriesProducerOpsetAndSourceMetadata() {
        ModelProto m = OnnxExporter.toModel(convnet(), OnnxExportOptions.defaults());
        assertEquals("keras1j", m.getProducerName());
        assertEquals(OnnxExporter.PRODUCER_VERSION, m.getProducerVersion());
        assertEquals(1, m.getOpsetImportCount());
        assertEquals("", m.getOpsetImport(0).getDomain());
        assertEquals(13, m.getOpsetImport(0).getVersion());
        assertEquals(7, m.getIrVersion());
        assertEquals("Keras 1 model exported by keras1j; source=/models/mnist_cnn.h5; keras_version=1.2.2; "
                + "backend=tensorflow; dim_ordering=tf", m.getDocString());
        assertEquals("mnist_cnn.h5", m.getGraph().getName());
        Map<String, String> props = m.getMetadataPropsList().stream()
                .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
        assertEquals("tf", props.get("dim_ordering"));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 14, 15, 16, 17})
    void irVersionFollowsTheOpset(int opset) throws Exception {
        byte[] bytes = OnnxExporter.toBytes(convnet(), OnnxExportOptions.defaults().withOpset(opset));
        ModelProto m = ModelProto.parseFrom(bytes);
        assertEquals(opset, m.getOpsetImport(0).getVersion());
        assertEquals(opset == 13 ? 7 : 8, m.getIrVersion());
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(bytes, new OrtSession.SessionOptions())) {
            assertEquals(List.of("input_1"), List.copyOf(s.getInputNames()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 12, 18, 21})
    void opsetsOutsideTheSupportedRangeAreRejected(int opset) {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> OnnxExportOptions.defaults().withOpset(opset));
        assertEquals("ONNX opset " + opset + " is not supported (supported: 13..17)", e.getMessage());
    }

    @Test
    void convolutionUsesExplicitPadsDilationsAndNeverAutoPad() {
        ModelProto m = OnnxExporter.toModel(convnet(), OnnxExportOptions.defaults());
        NodeProto conv = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).findFirst()
                .orElseThrow();
        Map<String, AttributeProto> attrs = conv.getAttributeList().stream()
                .collect(Collectors.toMap(AttributeProto::getName, a -> a));
        assertFalse(attrs.containsKey("auto_pad"));
        assertEquals(List.of(2L, 2L, 2L, 2L), attrs.get("pads").getIntsList());
        assertEquals(List.of(2L, 2L), attrs.get("dilations").getIntsList());
        assertEquals(1L, attrs.get("group").getI());
        // weights [3, 3, 1, 2] -> [2, 1, 3, 3]
        String w = conv.getInput(1);
        assertEquals(List.of(2L, 1L, 3L, 3L), m.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals(w)).findFirst().orElseThrow().getDimsList());
    }

    @Test
    void deconvolutionGapBelowStrideUsesOutputPaddingAndLargerGapAPad() {
        ModelProto below = OnnxExporter.toModel(OpCases.all().stream()
                .filter(c -> c.name().equals("deconv2d_output_padding_below_stride")).findFirst().orElseThrow().graph(),
                OnnxExportOptions.defaults());
        NodeProto ct = below.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("ConvTranspose"))
                .findFirst().orElseThrow();
        assertEquals(List.of(1L, 0L), ct.getAttributeList().stream().filter(a -> a.getName().equals("output_padding"))
                .findFirst().orElseThrow().getIntsList());
        assertEquals(3, ct.getInputCount());
        ModelProto gap = OnnxExporter.toModel(OpCases.all().stream()
                .filter(c -> c.name().equals("deconv2d_output_gap_at_least_stride")).findFirst().orElseThrow().graph(),
                OnnxExportOptions.defaults());
        List<String> ops = gap.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toList());
        assertEquals(List.of("Transpose", "ConvTranspose", "Pad", "Add", "Transpose"), ops);
    }

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("model.onnx");
        Files.writeString(out, "old");
        OnnxExporter.write(convnet(), OnnxExportOptions.defaults(), out);
        assertArrayEquals(OnnxExporter.toBytes(convnet(), OnnxExportOptions.defaults()), Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.collect(Collectors.toList()));
        }
    }

    @Test
    void writtenModelHasTheDefaultPermissionsOfANewFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("model.onnx");
        OnnxExporter.write(convnet(), OnnxExportOptions.defaults(), out);
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
    }

    @Test
    void failedWriteLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "permissions are not enforced for this user (root)");
            Path out = locked.resolve("model.onnx");
            OnnxExportException e = assertThrows(OnnxExportException.class,
                    () -> OnnxExporter.write(convnet(), OnnxExportOptions.defaults(), out));
            assertTrue(e.getMessage().startsWith("cannot write ONNX model to " + out), e.getMessage());
            try (Stream<Path> files = Files.list(locked)) {
                assertEquals(0, files.count());
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void failedMoveDeletesTheTemporaryFile(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("model.onnx"));
        Files.writeString(out.resolve("keep.txt"), "x");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExporter.write(convnet(), OnnxExportOptions.defaults(), out));
        assertTrue(e.getMessage().startsWith("cannot write ONNX model to " + out), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.collect(Collectors.toList()));
        }
        assertEquals("x", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void writeIntoAMissingDirectoryFailsWithTheTargetNamed(@TempDir Path dir) {
        Path out = dir.resolve("missing").resolve("model.onnx");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExporter.write(convnet(), OnnxExportOptions.defaults(), out));
        assertTrue(e.getMessage().startsWith("cannot write ONNX model to " + out), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }
}
