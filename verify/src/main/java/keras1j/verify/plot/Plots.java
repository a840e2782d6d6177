package keras1j.verify.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.io.AtomicFiles;

/**
 * Draws an imported model's layer graph like Keras' {@code plot(model, show_shapes=True)} and writes
 * it as SVG, PNG or DOT, by the file's extension, atomically. Needs no weights. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * Plots.write(KerasModelLoader.load(Path.of("model.json"), null, ImportOptions.defaults()), Path.of("model.svg"));
 * }</pre>
 */
public final class Plots {
    /** PNG pixels per layout unit: sharp on high-density screens, still small files. */
    public static final double PNG_SCALE = 1.5;

    private Plots() {
    }

    /**
     * Writes the plot of {@code model} to {@code file}; the format is the file's extension.
     *
     * @return the format written
     * @throws InvalidInputException for an extension other than {@code .svg}, {@code .png},
     *                               {@code .dot} or {@code .gv}, or a missing directory
     */
    public static PlotFormat write(ImportedModel model, Path file) {
        PlotFormat format = PlotFormat.forPath(file).orElseThrow(() -> new InvalidInputException(
                "cannot tell the picture format of " + file + ": use a .svg, .png or .dot file name"));
        write(LayerGraph.of(model), format, file);
        return format;
    }

    /** Writes {@code graph} to {@code file} in {@code format}, atomically. */
    public static void write(LayerGraph graph, PlotFormat format, Path file) {
        AtomicFiles.write(file, temp -> {
            switch (format) {
                case SVG -> Files.writeString(temp, SvgRenderer.document(GraphLayout.of(graph)), StandardCharsets.UTF_8);
                case DOT -> Files.writeString(temp, DotWriter.write(graph), StandardCharsets.UTF_8);
                case PNG -> {
                    if (!ImageIO.write(PngRenderer.render(GraphLayout.of(graph), PNG_SCALE), "png", temp.toFile())) {
                        throw new IOException("no PNG writer in this Java runtime");
                    }
                }
            }
        });
    }
}
