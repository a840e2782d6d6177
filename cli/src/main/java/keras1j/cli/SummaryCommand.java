package keras1j.cli;

import java.io.PrintStream;
import java.util.Set;

import keras1j.keras.ImportedModel;
import keras1j.keras.LayerSummary;

/** {@code keras1j summary MODEL}: a table like Keras' {@code model.summary()}. */
final class SummaryCommand implements Command {
    private static final String RULE = "_".repeat(98);
    private static final String DOUBLE_RULE = "=".repeat(98);

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String usage() {
        return "summary MODEL [--weights W.h5] [--backend theano|tensorflow] [--dim-ordering th|tf]";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.IMPORT;
    }

    @Override
    public int run(Args args, PrintStream out) {
        print(ModelArgs.load(args, args.onePositional("MODEL")), out);
        return ExitCodes.OK;
    }

    /** Prints the header lines and the layer table of {@code model}. */
    static void print(ImportedModel model, PrintStream out) {
        out.println("Model: " + model.source() + model.kerasVersion().map(v -> " (Keras " + v + ")").orElse(""));
        out.println("Backend: " + model.backend().keras() + " (" + model.backendReason() + ")");
        out.println("Dim ordering: " + model.dimOrdering().keras() + " (" + model.dimOrderingReason() + ")");
        if (!model.hasWeights()) {
            out.println("Weights: none (architecture only)");
        }
        out.println(RULE);
        out.println(row("Layer (type)", "Output Shape", "Param #", "Connected to"));
        out.println(DOUBLE_RULE);
        long total = 0;
        for (LayerSummary layer : model.layers()) {
            String shapes = String.join(", ", layer.outputShapes());
            String inbound = String.join(", ", layer.inbound());
            out.println(row(layer.name() + " (" + layer.className() + ")", shapes,
                    String.valueOf(layer.parameterCount()), inbound));
            total += layer.parameterCount();
        }
        out.println(DOUBLE_RULE);
        out.printf("Total params: %,d%n", total);
        out.println(RULE);
    }

    private static String row(String a, String b, String c, String d) {
        return String.format("%-44s %-24s %-12s %s", a, b, c, d).stripTrailing();
    }
}
