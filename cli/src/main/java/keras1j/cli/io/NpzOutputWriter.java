package keras1j.cli.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import keras1j.runtime.tensor.Tensor;

/**
 * Writes a {@code .npz}: each output streams into its own temporary {@code .npy} next to the target
 * (see {@link NpyOutputWriter}); {@link #finish} then copies them into the archive as stored (not
 * compressed) entries {@code <output>.npy}, as {@code np.savez} writes, with ZIP64 records when an
 * entry exceeds 4 GiB. The temporary parts are deleted on {@link #close}. Memory: one batch and a
 * copy buffer. Not thread-safe.
 */
final class NpzOutputWriter implements OutputWriter {
    private final Path file;
    private final Map<String, Path> parts = new LinkedHashMap<>();
    private final Map<String, NpyOutputWriter> writers = new LinkedHashMap<>();

    NpzOutputWriter(Path file, Path target, List<String> outputs, long rows) throws IOException {
        this.file = file;
        Path dir = file.toAbsolutePath().getParent();
        try {
            for (String name : outputs) {
                Path part = Files.createTempFile(dir, "." + file.getFileName() + ".", ".npy.part");
                parts.put(name, part);
                writers.put(name, new NpyOutputWriter(part, target + " (entry '" + name + ".npy')", name, rows));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void write(Map<String, Tensor> batch) throws IOException {
        for (NpyOutputWriter w : writers.values()) {
            w.write(batch);
        }
    }

    @Override
    public void finish() throws IOException {
        for (NpyOutputWriter w : writers.values()) {
            w.finish();
        }
        byte[] copy = new byte[1 << 16];
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, Path> e : parts.entrySet()) {
                Path part = e.getValue();
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                long size = Files.size(part);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(crc(part, copy));
                zip.putNextEntry(entry);
                try (InputStream in = Files.newInputStream(part)) {
                    int n;
                    while ((n = in.read(copy)) > 0) {
                        zip.write(copy, 0, n);
                    }
                }
                zip.closeEntry();
            }
        }
    }

    private static long crc(Path part, byte[] buffer) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(part)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (NpyOutputWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (Path part : parts.values()) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
