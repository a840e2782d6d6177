package keras1j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;

/**
 * The scoring job: {@code score MODEL [--weights W] --input IN --output OUT [--master URL]
 * [--engine java|onnxruntime] [--batch-size N] ...}. The same main class runs from the
 * {@code ./keras1j-spark} launcher (default master {@code local[*]}) and under {@code spark-submit}
 * (master from spark-submit).
 *
 * <p>Formats by extension: {@code .json}/{@code .jsonl} are JSON lines (one object per row; the input
 * may be a file or a folder of part files; the output is one file), anything else is Parquet (a file
 * or a folder; the output is a folder, as Spark writes it). Exit codes as for {@code keras1j}: 0 success,
 * 2 usage error or bad input data, 3 invalid or unsupported model, 4 internal error.
 */
public final class ScoreJob {
    static final String USAGE = "score MODEL [--weights W.h5] --input IN --output OUT [--master URL]"
            + " [--engine java|onnxruntime] [--batch-size N] [--threads T] [--backend theano|tensorflow]"
            + " [--dim-ordering th|tf] [--input-shape NAME=D1,D2,...] [--partitions N] [--overwrite] [--debug]";
    private static final Set<String> OPTIONS = Set.of("--weights", "--input", "--output", "--master", "--engine",
            "--batch-size", "--threads", "--backend", "--dim-ordering", "--input-shape", "--partitions");
    private static final Set<String> FLAGS = Set.of("--overwrite", "--debug");

    /** Usage error of the command line. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * The parsed command line.
     *
     * @param options    what to score with
     * @param input      input path
     * @param output     output path
     * @param master     the master URL, or null to take spark-submit's (else {@code local[*]})
     * @param partitions partitions to spread the input over before scoring, or 0 to keep the input's
     * @param overwrite  whether an existing output may be replaced
     * @param debug      print stack traces
     */
    record JobArgs(ScoringOptions options, String input, String output, String master, int partitions,
            boolean overwrite, boolean debug) {
    }

    private ScoreJob() {
    }

    /** Runs the job and exits with its code. */
    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Parses, runs the job in a session of its own (stopped at the end) and returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(argv).contains("--debug");
        JobArgs args;
        try {
            args = parse(argv);
        } catch (UsageException | InvalidInputException e) {
            err.println("keras1j-spark: " + e.getMessage());
            err.println("usage: keras1j-spark " + USAGE);
            return 2;
        }
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("keras1j-spark score");
        String master = args.master() != null ? args.master() : conf.get("spark.master", "local[*]");
        builder.master(master);
        if (master.startsWith("local")) {
            if (!conf.contains("spark.ui.enabled")) {
                builder.config("spark.ui.enabled", "false");
            }
            // a local run talks to itself only: keep the driver on the loopback interface
            if (!conf.contains("spark.driver.host")) {
                builder.config("spark.driver.host", "127.0.0.1");
            }
            if (!conf.contains("spark.driver.bindAddress")) {
                builder.config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return execute(spark, args, out, err);
        } finally {
            spark.stop();
        }
    }

    /** Runs the job in {@code spark} (left running) and returns the exit code. */
    static int execute(SparkSession spark, JobArgs args, PrintStream out, PrintStream err) {
        try {
            score(spark, args);
            out.println("keras1j-spark: wrote " + args.output());
            return 0;
        } catch (UsageException e) {
            err.println("keras1j-spark: " + e.getMessage());
            return 2;
        } catch (RuntimeException | OutOfMemoryError e) {
            Keras1jException k = keras1jCause(e);
            if (k != null) {
                err.println("keras1j-spark: " + k.getMessage());
            } else {
                err.println("keras1j-spark: internal error: " + e + (args.debug() ? "" : " (run with --debug)"));
            }
            if (args.debug()) {
                e.printStackTrace(err);
            }
            return k == null ? 4 : k instanceof InvalidInputException ? 2 : 3;
        }
    }

    /** Reads, scores and writes; exceptions propagate. */
    static void score(SparkSession spark, JobArgs args) {
        FileSystem outFs = fileSystem(spark, args.output());
        Path out = new Path(args.output());
        try {
            if (outFs.exists(out)) {
                if (!args.overwrite()) {
                    throw new UsageException(args.output() + " exists (pass --overwrite to replace it)");
                }
                outFs.delete(out, true);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot check " + args.output() + ": " + e.getMessage(), e);
        }
        Dataset<Row> data = read(spark, args.input());
        if (args.partitions() > 0) {
            data = data.repartition(args.partitions());
        }
        Dataset<Row> scored = ModelScoring.score(data, args.options());
        write(spark, scored, args.output());
    }

    static boolean isJson(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.endsWith(".json") || p.endsWith(".jsonl");
    }

    static Dataset<Row> read(SparkSession spark, String path) {
        FileSystem fs = fileSystem(spark, path);
        try {
            if (!fs.exists(new Path(path))) {
                throw new InvalidInputException("input not found: " + path);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return isJson(path) ? spark.read().json(path) : spark.read().parquet(path);
    }

    /** Parquet: a folder, as Spark writes it. JSON lines: one file, the part files joined in order. */
    static void write(SparkSession spark, Dataset<Row> scored, String path) {
        if (!isJson(path)) {
            scored.write().mode(SaveMode.ErrorIfExists).parquet(path);
            return;
        }
        Path target = new Path(path);
        Path parts = new Path(target.getParent(), "." + target.getName() + ".parts-" + System.nanoTime());
        FileSystem fs = fileSystem(spark, path);
        try {
            scored.write().mode(SaveMode.ErrorIfExists).json(parts.toString());
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus f : fs.listStatus(parts)) {
                String name = f.getPath().getName();
                if (f.isFile() && name.startsWith("part-")) {
                    files.add(f);
                }
            }
            files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + System.nanoTime());
            // on the local file system, no .crc checksum file beside the output
            FileSystem dest = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
            try (OutputStream os = dest.create(tmp, false)) {
                for (FileStatus f : files) {
                    try (InputStream is = fs.open(f.getPath())) {
                        is.transferTo(os);
                    }
                }
            }
            if (!dest.rename(tmp, target)) {
                throw new InvalidInputException("cannot move the output into place: " + path);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(parts, true);
            } catch (IOException ignored) {
                // best effort: a left-over hidden folder beside the output
            }
        }
    }

    private static FileSystem fileSystem(SparkSession spark, String path) {
        try {
            return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new InvalidInputException("cannot open the file system of " + path + ": " + e.getMessage(), e);
        }
    }

    private static Keras1jException keras1jCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Keras1jException k) {
                return k;
            }
        }
        return null;
    }

    /** Parses the command line ({@code score} first). */
    static JobArgs parse(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        if (args.isEmpty()) {
            throw new UsageException("no command");
        }
        if (!args.get(0).equals("score")) {
            throw new UsageException("unknown command '" + args.get(0) + "' (the command is 'score')");
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> opts = new LinkedHashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (FLAGS.contains(a)) {
                flags.add(a);
            } else if (OPTIONS.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                if (opts.put(a, args.get(++i)) != null && !a.equals("--input-shape")) {
                    throw new UsageException(a + " given twice");
                }
                if (a.equals("--input-shape")) {
                    opts.merge("--input-shapes", args.get(i), (x, y) -> x + ";" + y);
                }
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? "no MODEL given" : "one MODEL expected, got " + positional);
        }
        for (String required : List.of("--input", "--output")) {
            if (!opts.containsKey(required)) {
                throw new UsageException(required + " is required");
            }
        }
        ScoringOptions o = ScoringOptions.of(positional.get(0)).withWeightsPath(opts.get("--weights"))
                .withEngine(opts.getOrDefault("--engine", ScoringOptions.JAVA))
                .withBatchSize(number(opts, "--batch-size", ScoringOptions.DEFAULT_BATCH_SIZE))
                .withThreads(number(opts, "--threads", 1)).withBackend(opts.get("--backend"))
                .withDimOrdering(opts.get("--dim-ordering")).withInputShapes(opts.get("--input-shapes"));
        return new JobArgs(o, opts.get("--input"), opts.get("--output"), opts.get("--master"),
                number(opts, "--partitions", 0), flags.contains("--overwrite"), flags.contains("--debug"));
    }

    private static int number(Map<String, String> opts, String name, int dflt) {
        String v = opts.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + v + "'");
        }
    }
}
