package keras1j.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

import keras1j.errors.InvalidInputException;

/**
 * Turns a model or weights path of {@link ScoringOptions} into a local file that the importer can
 * read. Stateless and thread-safe; called once per file per JVM by {@link ModelCache}.
 *
 * <p>In order: a URI with a scheme other than {@code file} is copied from its Hadoop FileSystem
 * ({@code hdfs://}, {@code s3a://}, ...) to a local temporary folder; an existing local file is used
 * in place; the bare name of a file shipped with the job ({@code spark-submit --files},
 * {@code SparkContext.addFile}) is taken from {@link SparkFiles}; anything else is looked up on the
 * default Hadoop file system ({@code fs.defaultFS}, e.g. HDFS on a cluster) and copied.
 */
final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * A local copy of (or the local path of) {@code path}.
     *
     * @param what {@code model} or {@code weights}, for messages
     * @throws InvalidInputException naming the path and the places searched when it is not found
     */
    static Path local(String path, String what, Configuration conf) {
        URI uri = uriOf(path);
        if (uri != null && uri.getScheme() != null && uri.getScheme().length() > 1) {
            if (uri.getScheme().equals("file")) {
                Path p = Path.of(uri);
                if (!Files.isRegularFile(p)) {
                    throw new InvalidInputException(what + " file not found: " + path);
                }
                return p;
            }
            return copy(path, what, conf);
        }
        Path local = Path.of(path);
        if (Files.isRegularFile(local)) {
            return local;
        }
        Path shipped = shipped(local.getFileName() == null ? path : local.getFileName().toString());
        if (shipped != null) {
            return shipped;
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = hp.getFileSystem(conf);
            if (!fs.getScheme().equals("file") && isFile(fs, hp)) {
                return copy(path, what, conf);
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(what + " file " + path + ": cannot read it from the default file system "
                    + conf.get("fs.defaultFS", "file:///") + ": " + e.getMessage(), e);
        }
        throw new InvalidInputException(what + " file not found: " + path + " (not a local file, not shipped with "
                + "the job through --files/addFile, not on the default file system " + conf.get("fs.defaultFS",
                        "file:///") + ")");
    }

    private static URI uriOf(String path) {
        try {
            return new URI(path);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The SparkFiles copy of a shipped file, or null outside Spark or when not shipped. */
    private static Path shipped(String name) {
        if (SparkEnv.get() == null) {
            return null;
        }
        try {
            Path p = Path.of(SparkFiles.get(name));
            return Files.isRegularFile(p) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isFile(FileSystem fs, org.apache.hadoop.fs.Path p) throws IOException {
        try {
            return fs.getFileStatus(p).isFile();
        } catch (java.io.FileNotFoundException e) {
            return false;
        }
    }

    private static Path copy(String path, String what, Configuration conf) {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = src.getFileSystem(conf);
            if (!isFile(fs, src)) {
                throw new InvalidInputException(what + " file not found: " + path);
            }
            Path dir = Files.createTempDirectory("keras1j-spark-");
            Path dst = dir.resolve(src.getName());
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dst.toUri()), true);
            dst.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return dst;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " file " + path + ": " + e.getMessage(), e);
        }
    }
}
