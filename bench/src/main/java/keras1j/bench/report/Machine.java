package keras1j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a report is written on (the one the benchmarks ran on: the script writes the report
 * right after the run). Immutable.
 *
 * @param cpu        CPU model ({@code model name} of {@code /proc/cpuinfo}, else the OS architecture)
 * @param processors logical processors available to the JVM
 * @param memory     total memory ({@code MemTotal} of {@code /proc/meminfo}), if known
 * @param os         OS name, version and architecture
 */
public record Machine(String cpu, int processors, Optional<String> memory, String os) {

    /** Describes the current machine. */
    public static Machine current() {
        String arch = System.getProperty("os.arch");
        String cpu = procField("/proc/cpuinfo", "model name").orElse(arch);
        Optional<String> memory = procField("/proc/meminfo", "MemTotal").map(Machine::gibibytes);
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch;
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os);
    }

    private static Optional<String> procField(String file, String key) {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(p);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code "24576000 kB"} to {@code "23.4 GiB"}; unchanged if not in kB. */
    private static String gibibytes(String memTotal) {
        String[] parts = memTotal.split("\\s+");
        if (parts.length == 2 && parts[1].equalsIgnoreCase("kB")) {
            try {
                return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / (1024.0 * 1024.0));
            } catch (NumberFormatException e) {
                return memTotal;
            }
        }
        return memTotal;
    }
}
