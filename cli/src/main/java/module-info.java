/**
 * The {@code keras1j} command (artifact {@code keras1j-cli}): {@code keras1j.cli.Main}. Its
 * prediction-file package {@code keras1j.cli.io} is internal and not exported; picocli reads the
 * commands' options reflectively.
 */
// jhdf is an automatic module with a stable name (Automatic-Module-Name: io.jhdf)
@SuppressWarnings("requires-automatic")
module keras1j.cli {
    requires keras1j.importer;
    requires keras1j.verify;
    requires keras1j.onnx;
    requires com.fasterxml.jackson.databind;
    requires io.jhdf;
    requires info.picocli;

    exports keras1j.cli;

    opens keras1j.cli to info.picocli;
}
