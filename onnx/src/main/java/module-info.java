/**
 * ONNX export of the keras1j IR (artifact {@code keras1j-onnx}; no ONNX Runtime): the one API package
 * {@code keras1j.onnx}. {@code OnnxExporter.toModel} returns the ONNX {@code ModelProto} of
 * tribuo-util-onnx (a protobuf message), so both modules are read by every module that reads this one.
 */
// both are automatic modules with stable names (Automatic-Module-Name in their manifests)
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module keras1j.onnx {
    requires transitive keras1j.runtime;
    requires transitive org.tribuo.util.onnx;
    requires transitive com.google.protobuf;

    exports keras1j.onnx;
}
