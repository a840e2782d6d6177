package keras1j.spark;

import java.io.File;
import java.net.URI;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme ({@code k1jtest:///abs/path}), registered in a test's Hadoop
 * configuration as {@code fs.k1jtest.impl}: stands in for a remote file system (HDFS, S3) so that the
 * copy-to-local path of {@link ModelFiles} and the shipping of the driver's Hadoop configuration to the
 * executors are exercised.
 */
public class OtherSchemeFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "k1jtest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public File pathToFile(Path path) {
        checkPath(path);
        if (!path.isAbsolute()) {
            path = new Path(getWorkingDirectory(), path);
        }
        return new File(path.toUri().getPath());
    }
}
