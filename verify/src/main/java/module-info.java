/**
 * Verification against reference outputs recorded from Keras, model plots and the HTML report
 * (artifact {@code keras1j-verify}): {@code keras1j.verify}, {@code keras1j.verify.plot},
 * {@code keras1j.verify.report}. The engine {@code onnxruntime} is used when {@code keras1j.onnxruntime}
 * is present (found through {@code keras1j.runtime.exec.EngineRegistry}).
 */
module keras1j.verify {
    requires transitive keras1j.importer;
    requires com.fasterxml.jackson.databind;
    requires java.desktop;

    exports keras1j.verify;
    exports keras1j.verify.plot;
    exports keras1j.verify.report;
}
