package keras1j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import keras1j.bench.KernelBenchmark;

/**
 * Turns the JMH JSON of {@link KernelBenchmark} into a markdown table: per benchmark its time, GFLOP/s
 * and the percentage of the FMA probe's GFLOP/s in the same run. Usage: {@code KernelReport
 * jmh.json [out.md]} (appends to {@code out.md}, prints always).
 */
public final class KernelReport {
    private KernelReport() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        double probe = Double.NaN;
        for (JsonNode r : results) {
            if (method(r).equals("fmaProbe")) {
                probe = gflops(r);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "JDK %s, one thread; FMA probe %.1f GFLOP/s%n%n",
                results.path(0).path("jdkVersion").asText("?"), probe));
        md.append("| kernel | GFLOP/op | ms/op | GFLOP/s | % of probe |\n|---|---:|---:|---:|---:|\n");
        for (JsonNode r : results) {
            String m = method(r);
            Double flops = KernelBenchmark.FLOPS.get(m);
            if (flops == null) {
                continue;
            }
            double g = gflops(r);
            md.append(String.format(Locale.ROOT, "| %s | %.3g | %.3g | %.1f | %.0f%% |%n", m, flops / 1e9,
                    r.path("primaryMetric").path("score").asDouble(), g, 100 * g / probe));
        }
        System.out.print(md);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), md + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String method(JsonNode r) {
        String b = r.path("benchmark").asText();
        return b.substring(b.lastIndexOf('.') + 1);
    }

    private static double gflops(JsonNode r) {
        double ms = r.path("primaryMetric").path("score").asDouble();
        return KernelBenchmark.FLOPS.getOrDefault(method(r), Double.NaN) / (ms / 1e3) / 1e9;
    }
}
