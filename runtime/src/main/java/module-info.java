/**
 * keras1j's typed IR, tensors and the pure-Java engine (artifact {@code keras1j-runtime}).
 *
 * <p>API packages: {@code keras1j.errors}, {@code keras1j.runtime} (the build's version),
 * {@code keras1j.runtime.exec} (engines), {@code keras1j.runtime.ir} and {@code keras1j.runtime.ir.pass}
 * (the IR and its passes), {@code keras1j.runtime.memory} (the memory budget) and
 * {@code keras1j.runtime.tensor}. {@code keras1j.runtime.kernel} (the numeric kernels) is internal and not
 * exported; {@code keras1j.runtime.io} is shared with keras1j's own modules only.
 *
 * <p>The Vector API ({@code jdk.incubator.vector}) is optional: the Java engine uses its kernels when the
 * module is in the boot layer ({@code --add-modules jdk.incubator.vector}, on the module path or the
 * class path) and its plain-Java kernels otherwise.
 *
 * @uses keras1j.runtime.exec.EngineProvider engines found by name through
 *       {@link keras1j.runtime.exec.EngineRegistry}
 */
// keras1j.runtime.io is exported to keras1j modules built after this one ("module not found" here)
@SuppressWarnings("module")
module keras1j.runtime {
    requires static jdk.incubator.vector;
    requires java.management;

    exports keras1j.errors;
    exports keras1j.runtime;
    exports keras1j.runtime.exec;
    exports keras1j.runtime.ir;
    exports keras1j.runtime.ir.pass;
    exports keras1j.runtime.memory;
    exports keras1j.runtime.tensor;
    exports keras1j.runtime.io to keras1j.importer, keras1j.onnx, keras1j.verify, keras1j.cli;

    uses keras1j.runtime.exec.EngineProvider;
}
