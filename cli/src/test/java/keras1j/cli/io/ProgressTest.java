package keras1j.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long MS = 1_000_000L;

    @Test
    void rendersPercentBarCountRateAndEta() {
        String line = TerminalProgress.render("predict", 250, 1000, "samples", 2_000 * MS, 80);
        assertEquals("predict  25% [########........................] 250/1000 samples 125/s ETA 0:06", line);
        assertTrue(line.length() <= 79);
        assertEquals("predict 100% [###############################] 1000/1000 samples 500/s ETA 0:00",
                TerminalProgress.render("predict", 1000, 1000, "samples", 2_000 * MS, 80));
    }

    @Test
    void rendersAnUnknownTotalWithoutBarOrEta() {
        assertEquals("bench 42 runs 8.40/s 0:05", TerminalProgress.render("bench", 42, 0, "runs", 5_000 * MS, 80));
    }

    @Test
    void fitsNarrowTerminalsAndLongDurations() {
        String narrow = TerminalProgress.render("predict", 5, 10, "samples", 3_600_000 * MS, 30);
        assertTrue(narrow.length() <= 29, narrow);
        assertTrue(narrow.startsWith("predict  50%"), narrow);
        assertEquals("1:00:00", TerminalProgress.formatDuration(3600));
        assertEquals("0:00", TerminalProgress.formatDuration(0));
        String start = TerminalProgress.render("predict", 0, 10, "samples", 0, 80);
        assertTrue(start.endsWith("0/10 samples -/s ETA -"), start);
    }

    @Test
    void redrawsAtMostTenTimesASecondAndEndsTheLine() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress.Task task = TerminalProgress.on(out, clock::get, 80).start("verify", 100, "cases");
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(10 * MS); // 100 steps in one second
            task.advance(1);
        }
        task.close();
        task.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        long redraws = text.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 10 && redraws <= 12, redraws + " redraws: " + text);
        assertTrue(text.endsWith("100/100 cases 100/s ETA 0:00" + System.lineSeparator()), text);
        assertEquals(1, text.split(System.lineSeparator(), -1).length - 1);
    }

    @Test
    void clearErasesTheBarForALineOfOutput() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.Task task = TerminalProgress.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get, 40)
                .start("verify", 2, "cases");
        task.advance(1);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        task.clear();
        String cleared = bytes.toString(StandardCharsets.UTF_8).substring(drawn.length());
        assertEquals("\r" + " ".repeat(drawn.length() - 1) + "\r", cleared);
    }

    @Test
    void weightsShowInMibFromTheLargeSizeOnAndEachPassIsOneLine() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress bar = TerminalProgress.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get, 80);
        long large = WeightsBar.LARGE_BYTES;
        try (WeightsBar weights = bar.weights("weights")) {
            weights.weightsRead(0, large - 1);
            weights.weightsRead(large - 1, large - 1);
            assertEquals("", bytes.toString(StandardCharsets.UTF_8), "small weights: no bar");
            long total = 3 * large;
            for (long done = 0; done <= total; done += large / 2) {
                clock.addAndGet(200 * MS);
                weights.weightsRead(done, total);
            }
            weights.weightsRead(0, total); // a second pass (e.g. another engine) is a line of its own
            weights.weightsRead(large, total);
        } // closed by a failure before the end: the line is ended anyway
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator(), -1);
        assertEquals(3, lines.length, String.join("|", lines));
        assertTrue(lines[0].startsWith("\rweights   0% [") && lines[0].endsWith("] 96/96 MiB 80.0/s ETA 0:00"),
                lines[0]);
        assertTrue(lines[0].contains("\rweights  50% [") && lines[0].contains("\rweights 100% ["), lines[0]);
        assertTrue(lines[1].endsWith("32/96 MiB -/s ETA -"), lines[1]);
        assertEquals("", lines[2]);
    }

    @Test
    void silentAndNonTerminalProgressPrintNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // not System.err, and tests do not run on a terminal: never a bar
        Progress p = Progress.auto(err, true);
        assertSame(Progress.silent(), p);
        assertSame(Progress.silent(), Progress.auto(System.err, false));
        try (Progress.Task t = p.start("predict", 10, "samples")) {
            t.advance(5);
            t.clear();
        }
        assertEquals(0, bytes.size());
        assertFalse(Terminal.isTerminal(null));
    }

    @Test
    void stderrRedirectedToAFileOrPipeIsNoTerminal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path log = java.nio.file.Files.createFile(tmp.resolve("log"));
        assertFalse(Terminal.isTerminalDevice(java.nio.file.Files.createSymbolicLink(tmp.resolve("2"), log)));
        assertFalse(Terminal.isTerminalDevice(java.nio.file.Files.createSymbolicLink(tmp.resolve("p"),
                java.nio.file.Path.of("pipe:[12345]"))));
        assertTrue(Terminal.isTerminalDevice(java.nio.file.Files.createSymbolicLink(tmp.resolve("t"),
                java.nio.file.Path.of("/dev/pts/3"))));
        assertTrue(Terminal.isTerminalDevice(log), "not a /proc link: cannot tell, the console decides");
    }

    @Test
    void columnsComeFromTheEnvironmentWithinBounds() {
        assertEquals(120, Terminal.parseColumns("120"));
        assertEquals(80, Terminal.parseColumns(null));
        assertEquals(80, Terminal.parseColumns("wide"));
        assertEquals(80, Terminal.parseColumns("3"));
    }
}
