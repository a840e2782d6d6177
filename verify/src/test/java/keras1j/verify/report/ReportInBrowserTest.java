package keras1j.verify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.keras.ImportedModel;
import keras1j.verify.VerifyReport;
import keras1j.verify.plot.LayerGraph;
import keras1j.verify.plot.LayerNode;
import keras1j.verify.plot.Xml;

/**
 * The report in a real browser: Debian's headless Chromium loads the page from disk, its DOM names
 * every layer, and a screenshot is far from blank. Without Chromium the test is skipped, except on
 * CI (environment variable {@code CI} set), where it fails: CI must install it ({@code .ci/run} does).
 */
class ReportInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 45;

    @Test
    void reportRendersNamesEveryLayerAndItsScreenshotIsNotBlank(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) {
                fail(CHROMIUM + " is missing: CI must install Debian's chromium package (.ci/run does)");
            }
            Assumptions.abort(CHROMIUM + " is not installed (apt-get install chromium); the report's browser test "
                    + "is skipped outside CI");
        }
        ImportedModel model = ReportFixtures.model();
        Path io = ReportFixtures.perturbedIo(model, "concat_maps", 0.5f, dir);
        VerifyReport report = ReportFixtures.verify(model, io);
        Path page = dir.resolve("report.html");
        HtmlReport.write(page, model, report, new HtmlReport.Context(io, 1e-4, 1e-5, "java, 1 thread"));
        String url = page.toUri().toString();

        String dom = Files.readString(chromium(dir, "dom", "--dump-dom", url), StandardCharsets.UTF_8);
        assertTrue(dom.contains("<span class=\"verdict fail\">FAIL</span>"), dom);
        assertTrue(dom.contains("concat_maps"), dom);
        for (LayerNode n : LayerGraph.of(model).nodes()) {
            assertTrue(dom.contains(">" + Xml.escape(n.title()) + "</text>"), "the rendered page names " + n.name());
        }

        Path png = dir.resolve("report.png");
        chromium(dir, "shot", "--screenshot=" + png, "--window-size=1200,1600", url);
        BufferedImage img = ImageIO.read(png.toFile());
        // kept for a look by eye
        Files.copy(page, Path.of("target", "browser-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(png, Path.of("target", "browser-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(1200, img.getWidth());
        assertEquals(1600, img.getHeight());
        int background = img.getRGB(img.getWidth() - 30, img.getHeight() / 2) & 0xffffff;
        long painted = 0;
        long red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb != background) {
                    painted++;
                }
                if (rgb == 0xfb6a4a) {
                    red++;
                }
            }
        }
        double fraction = painted / (double) (img.getWidth() * img.getHeight());
        assertTrue(fraction > 0.08, "non-background fraction " + fraction);
        assertTrue(red > 2000, "the failing layers' red boxes are painted: " + red + " pixels");
    }

    /** Runs headless Chromium on a fresh profile; returns the file holding its standard output. */
    private static Path chromium(Path dir, String tag, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile-" + tag)));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(tag + ".out");
        Path err = dir.resolve(tag + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium " + tag + " did not finish within " + TIMEOUT_SECONDS + " s; stderr:\n" + tail(err));
            }
            if (p.exitValue() != 0) {
                fail("chromium " + tag + " exited with " + p.exitValue() + "; stderr:\n" + tail(err));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return out;
    }

    private static String tail(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
