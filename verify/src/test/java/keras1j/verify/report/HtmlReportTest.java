package keras1j.verify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.keras.ImportedModel;
import keras1j.verify.Comparison;
import keras1j.verify.VerifyReport;
import keras1j.verify.plot.LayerGraph;
import keras1j.verify.plot.LayerNode;

/** The HTML report's content (the browser test renders it). */
class HtmlReportTest {

    @Test
    void verifyComparesEveryLayerWhenAskedAndTheReportShowsThem() {
        ImportedModel model = ReportFixtures.model();
        VerifyReport report = ReportFixtures.verify(model, ReportFixtures.CASE.resolve("io.h5"));
        assertTrue(report.passed());
        assertTrue(report.firstDivergence().isEmpty());
        List<String> compared = report.layers().stream().map(Comparison::name).toList();
        assertTrue(compared.containsAll(List.of("branch3x3", "concat_maps", "class_out", "mask_out")), compared.toString());
        assertTrue(report.layers().stream().allMatch(Comparison::passed));

        String html = HtmlReport.render(model, report, context());
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<span class=\"verdict pass\">PASS</span>"));
        for (LayerNode n : LayerGraph.of(model).nodes()) {
            assertTrue(html.contains("data-layer=\"" + n.name() + "\""), n.name());
        }
        assertTrue(html.contains("theano (" + model.backendReason().replace("'", "&#39;") + ")"), html);
        assertTrue(html.contains("th (" + model.dimOrderingReason().replace("'", "&#39;") + ")"));
        assertTrue(html.contains("none (every output is within tolerance)"));
        assertTrue(html.contains(">class_out [2, 3] max|diff|="), "the command-line text");
    }

    @Test
    void failingReportNamesTheFirstDivergingLayerAndColoursItRed(@TempDir Path dir) {
        ImportedModel model = ReportFixtures.model();
        Path io = ReportFixtures.perturbedIo(model, "concat_maps", 0.5f, dir);
        VerifyReport report = ReportFixtures.verify(model, io);
        assertFalse(report.passed());
        assertEquals("concat_maps", report.firstDivergence().orElseThrow().name());
        assertEquals(0.5, report.firstDivergence().get().maxAbsDiff(), 1e-5);

        String html = HtmlReport.render(model, report, context());
        assertTrue(html.contains("<span class=\"verdict fail\">FAIL</span>"));
        assertTrue(html.contains("<b>First diverging layer:</b> <span class=\"fail\">concat_maps</span>"));
        assertEquals(DiffScale.colour(0.5), fillOf(html, "concat_maps"));
        assertEquals("#fb6a4a", fillOf(html, "concat_maps"));
        assertEquals(DiffScale.NO_REFERENCE, fillOf(html, "image"));
        assertTrue(DiffScale.colour(report.layers().get(0).maxAbsDiff()).equals(fillOf(html, "branch3x3")));
        assertTrue(html.contains("max|diff| 0.500 FAIL (first)"));
        assertTrue(html.contains("first diverging layer: concat_maps [2, 5, 6, 6] max|diff|=0.500 FAIL"));
    }

    @Test
    void pageIsSelfContained(@TempDir Path dir) throws IOException {
        ImportedModel model = ReportFixtures.model();
        Path file = dir.resolve("report.html");
        HtmlReport.write(file, model, ReportFixtures.verify(model, ReportFixtures.CASE.resolve("io.h5")), context());
        String html = Files.readString(file);
        for (String forbidden : List.of("<script", "<link", "<img", "<iframe", "@import", "src=", "href=")) {
            assertFalse(html.contains(forbidden), forbidden);
        }
        Matcher urls = Pattern.compile("(https?:|ftp:|(?<!:)//[a-z])").matcher(html);
        while (urls.find()) {
            String around = html.substring(urls.start(), Math.min(html.length(), urls.start() + 26));
            assertEquals("http://www.w3.org/2000/svg", around, "only the SVG namespace name may look like a URL");
        }
        Matcher refs = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (refs.find()) {
            assertTrue(refs.group(1).startsWith("#"), refs.group());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "written atomically, no temporary file left");
        }
    }

    @Test
    void colourScaleIsOneBinPerDecade() {
        assertEquals("#74c476", DiffScale.colour(0));
        assertEquals("#74c476", DiffScale.colour(1e-6));
        assertEquals("#c7e9c0", DiffScale.colour(2e-6));
        assertEquals("#fff3b0", DiffScale.colour(1e-4));
        assertEquals("#fdae6b", DiffScale.colour(5e-3));
        assertEquals("#fb6a4a", DiffScale.colour(Double.NaN));
        assertEquals("#fb6a4a", DiffScale.colour(Double.POSITIVE_INFINITY));
        assertEquals("1.19e-07", DiffScale.format(1.1920929e-7));
    }

    static HtmlReport.Context context() {
        return new HtmlReport.Context(ReportFixtures.CASE.resolve("io.h5"), 1e-4, 1e-5, "java, 1 thread");
    }

    /** The fill of the layer's box in the graph SVG. */
    static String fillOf(String html, String layer) {
        int g = html.indexOf("<g class=\"layer\" data-layer=\"" + layer + "\"");
        assertTrue(g >= 0, layer);
        Matcher m = Pattern.compile("<rect [^>]*fill=\"(#[0-9a-f]{6})\"").matcher(html);
        assertTrue(m.find(g));
        return m.group(1);
    }
}
