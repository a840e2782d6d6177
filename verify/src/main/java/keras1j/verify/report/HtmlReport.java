package keras1j.verify.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import keras1j.keras.ImportedModel;
import keras1j.runtime.io.AtomicFiles;
import keras1j.verify.Comparison;
import keras1j.verify.VerifyReport;
import keras1j.verify.plot.GraphLayout;
import keras1j.verify.plot.LayerGraph;
import keras1j.verify.plot.LayerNode;
import keras1j.verify.plot.NodeStyle;
import keras1j.verify.plot.SvgRenderer;
import keras1j.verify.plot.Xml;

/**
 * The HTML page of one verification: verdict per output, the first diverging layer, the import's
 * backend and dim-ordering decisions with their reasons, the layer graph with every layer coloured
 * by its max |diff| against the reference {@code layer_outputs} (grey without reference), a
 * per-layer difference chart on a log scale, and the text {@code keras1j verify} prints. One
 * self-contained file: inline CSS and SVG, no scripts, no network resources. Stateless and
 * thread-safe.
 */
public final class HtmlReport {
    private static final double CHART_MIN = 1e-9;
    private static final int CHART_LABEL_WIDTH = 300;
    private static final int CHART_BAR_WIDTH = 560;
    private static final int CHART_ROW = 20;

    /**
     * What was checked, for the page's header.
     *
     * @param io     the reference file
     * @param rtol   relative tolerance used
     * @param atol   absolute tolerance used
     * @param engine the engine's description, e.g. {@code java (4 threads)}
     */
    public record Context(Path io, double rtol, double atol, String engine) {
    }

    private HtmlReport() {
    }

    /** Writes the page to {@code file} atomically. */
    public static void write(Path file, ImportedModel model, VerifyReport report, Context context) {
        String html = render(model, report, context);
        AtomicFiles.write(file, temp -> Files.writeString(temp, html, StandardCharsets.UTF_8));
    }

    /** The page. {@code report} should hold every layer's comparison ({@link VerifyReport#layers()}). */
    public static String render(ImportedModel model, VerifyReport report, Context context) {
        Map<String, Comparison> byLayer = new LinkedHashMap<>();
        report.layers().forEach(c -> byLayer.put(c.name(), c));
        report.firstDivergence().ifPresent(c -> byLayer.putIfAbsent(c.name(), c));
        LayerGraph graph = LayerGraph.of(model);
        GraphLayout layout = GraphLayout.of(graph, node -> style(node, byLayer.get(node.name()), report));
        String verdict = report.passed() ? "PASS" : "FAIL";

        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>keras1j verify ").append(verdict).append(": ").append(esc(fileName(model.source())))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header><h1>keras1j verify <span class=\"verdict ").append(verdict.toLowerCase(Locale.ROOT))
                .append("\">").append(verdict).append("</span></h1>\n<dl class=\"facts\">")
                .append(fact("Model", model.source().toString() + model.kerasVersion().map(v -> " (Keras " + v + ")")
                        .orElse("")))
                .append(fact("Reference", context.io().toString()))
                .append(fact("Engine", context.engine()))
                .append(fact("Tolerance", "|actual \u2212 expected| \u2264 atol + rtol \u00b7 |expected|, atol = "
                        + context.atol() + ", rtol = " + context.rtol()))
                .append(fact("Backend", model.backend().keras() + " (" + model.backendReason() + ")"))
                .append(fact("Dim ordering", model.dimOrdering().keras() + " (" + model.dimOrderingReason() + ")"))
                .append("</dl></header>\n");

        h.append("<section><h2>Outputs</h2>\n<table class=\"outputs\"><thead><tr><th>output</th><th>shape</th>")
                .append("<th>max |diff|</th><th>tolerance</th><th>verdict</th><th>worst element</th></tr></thead><tbody>\n");
        for (Comparison c : report.outputs()) {
            h.append("<tr><td class=\"name\">").append(esc(c.name())).append("</td><td>")
                    .append(esc(Arrays.toString(c.shape()))).append("</td><td>").append(DiffScale.format(c.maxAbsDiff()))
                    .append("</td><td>atol ").append(context.atol()).append(", rtol ").append(context.rtol())
                    .append("</td><td class=\"").append(c.passed() ? "pass" : "fail").append("\">")
                    .append(c.passed() ? "PASS" : "FAIL").append("</td><td>").append(esc(worst(c))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<p class=\"divergence\"><b>First diverging layer:</b> ");
        Optional<Comparison> first = report.firstDivergence();
        if (first.isPresent()) {
            h.append("<span class=\"fail\">").append(esc(first.get().name())).append("</span> \u2014 ")
                    .append(esc(first.get().describe()));
        } else if (report.passed()) {
            h.append("none (every output is within tolerance)");
        } else {
            h.append("unknown (the reference file has no layer_outputs for the layers before the failure)");
        }
        h.append("</p>\n</section>\n");

        h.append("<section><h2>Layer graph</h2>\n<p>Each layer is coloured by its max |diff| against the reference ")
                .append("<code>layer_outputs</code> of the reference file; a thick border marks a model output.</p>\n")
                .append(legend()).append("<div class=\"graph\">")
                .append(SvgRenderer.element(layout, "graph")).append("</div>\n</section>\n");

        h.append("<section><h2>Difference per layer</h2>\n").append(chart(graph, byLayer, context.atol()))
                .append("</section>\n");

        h.append("<section><h2>Command-line output</h2>\n<pre class=\"text\">")
                .append(esc(report.describe())).append("</pre>\n</section>\n");
        h.append("<footer>Written by keras1j. This page loads nothing from the network.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static NodeStyle style(LayerNode node, Comparison c, VerifyReport report) {
        NodeStyle base = NodeStyle.standard(node);
        List<String> extra = new ArrayList<>(base.extraLines());
        if (c == null) {
            extra.add("no reference");
            return base.withFill(DiffScale.NO_REFERENCE).withExtraLines(extra).withTooltip(node.title() + ": no reference");
        }
        boolean first = report.firstDivergence().map(d -> d.name().equals(node.name())).orElse(false);
        extra.add("max|diff| " + DiffScale.format(c.maxAbsDiff()) + (c.passed() ? " PASS" : " FAIL")
                + (first ? " (first)" : ""));
        String stroke = c.passed() ? "#333333" : "#a50f15";
        return new NodeStyle(DiffScale.colour(c.maxAbsDiff()), stroke, extra, c.describe());
    }

    private static String legend() {
        StringBuilder sb = new StringBuilder("<ul class=\"legend\">");
        for (DiffScale.Bin b : DiffScale.BINS) {
            sb.append("<li><span class=\"swatch\" style=\"background:").append(b.colour()).append("\"></span>")
                    .append(esc(b.label())).append("</li>");
        }
        sb.append("<li><span class=\"swatch\" style=\"background:").append(DiffScale.NO_REFERENCE)
                .append("\"></span>no reference</li></ul>\n");
        return sb.toString();
    }

    /** Horizontal bars, one per layer in model order, log scale from 1e-9 to the largest difference. */
    private static String chart(LayerGraph graph, Map<String, Comparison> byLayer, double atol) {
        double max = 1;
        for (Comparison c : byLayer.values()) {
            if (Double.isFinite(c.maxAbsDiff())) {
                max = Math.max(max, c.maxAbsDiff());
            }
        }
        int lo = (int) Math.floor(Math.log10(CHART_MIN));
        int hi = (int) Math.ceil(Math.log10(max));
        List<LayerNode> rows = graph.nodes();
        int top = 24;
        int height = top + rows.size() * CHART_ROW + 8;
        int width = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 120;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"%s\" font-size=\"12\" role=\"img\">%n", width, height, width, height,
                esc(SvgRenderer.FONT_FAMILY)));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (int e = lo; e <= hi; e++) {
            double x = CHART_LABEL_WIDTH + scale(Math.pow(10, e), lo, hi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dddddd\"/>"
                    + "<text x=\"%.1f\" y=\"14\" text-anchor=\"middle\" fill=\"#555555\">1e%d</text>%n",
                    x, top - 4, x, height - 8, x, e));
        }
        if (atol > 0) {
            double x = CHART_LABEL_WIDTH + scale(atol, lo, hi);
            s.append(String.format(Locale.ROOT, "<line class=\"atol\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#a50f15\" stroke-dasharray=\"5 3\"/>%n", x, top - 4, x, height - 8));
        }
        int row = 0;
        for (LayerNode n : rows) {
            double y = top + row * CHART_ROW;
            Comparison c = byLayer.get(n.name());
            s.append("<g class=\"bar\" data-layer=\"").append(esc(n.name())).append("\">");
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\"%s>%s</text>",
                    CHART_LABEL_WIDTH - 8, y + 14, c != null && !c.passed() ? " font-weight=\"bold\" fill=\"#a50f15\"" : "",
                    esc(n.name())));
            if (c == null) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#888888\">no reference</text>",
                        CHART_LABEL_WIDTH + 4, y + 14));
            } else {
                double v = c.maxAbsDiff();
                double w = Double.isFinite(v) ? Math.max(2, scale(Math.max(v, CHART_MIN), lo, hi)) : CHART_BAR_WIDTH;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"#555555\" stroke-width=\"0.5\"/>", CHART_LABEL_WIDTH, y + 3, w, CHART_ROW - 6,
                        DiffScale.colour(v)));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s%s</text>", CHART_LABEL_WIDTH + w + 6,
                        y + 14, esc(DiffScale.format(v)), c.passed() ? "" : " FAIL"));
            }
            s.append("<title>").append(esc(c == null ? n.name() + ": no reference" : c.describe())).append("</title></g>\n");
            row++;
        }
        s.append("</svg>\n");
        return "<p>max |diff| per layer, log scale; the dashed line is atol.</p>\n<div class=\"chartbox\">" + s + "</div>\n";
    }

    private static double scale(double v, int lo, int hi) {
        return (Math.log10(v) - lo) / (hi - lo) * CHART_BAR_WIDTH;
    }

    private static String worst(Comparison c) {
        if (c.shapeError() != null) {
            return c.shapeError();
        }
        if (c.passed()) {
            return "";
        }
        return "at " + Arrays.toString(c.worstIndex()) + ": actual " + c.actual() + ", expected " + c.expected();
    }

    private static String fact(String name, String value) {
        return "<dt>" + esc(name) + "</dt><dd>" + esc(value) + "</dd>";
    }

    private static String fileName(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    private static String esc(String s) {
        return Xml.escape(s);
    }

    private static final String CSS = """
            body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px; color: #222; \
            background: #fff; }
            h1 { font-size: 24px; margin: 0 0 12px; }
            h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 28px; }
            .verdict { padding: 2px 10px; border-radius: 4px; color: #fff; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; margin: 0; }
            dl.facts dt { font-weight: bold; }
            dl.facts dd { margin: 0; font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 13px; }
            table.outputs { border-collapse: collapse; font-size: 14px; }
            table.outputs th, table.outputs td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
            table.outputs th { background: #f0f0f0; }
            td.name { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; }
            .pass { color: #238b45; font-weight: bold; }
            .fail { color: #cb181d; font-weight: bold; }
            ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; }
            .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #555; margin-right: 6px; \
            vertical-align: -2px; }
            .graph, .chartbox { overflow-x: auto; }
            pre.text { background: #f6f6f6; border: 1px solid #ddd; padding: 10px; font-size: 13px; white-space: pre-wrap; }
            .verdict.pass { background: #238b45; color: #fff; }
            .verdict.fail { background: #cb181d; color: #fff; }
            footer { margin-top: 32px; color: #777; font-size: 12px; }
            """;
}
