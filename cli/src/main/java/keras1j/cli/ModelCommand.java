package keras1j.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command shares: it imports a model ({@link ModelOptions}), writes through {@link Main}'s
 * streams and checks option values against its own {@link CommandSpec}. A command adds its
 * {@code MODEL} parameter (described in its own words) and its own options.
 */
abstract class ModelCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;
}
