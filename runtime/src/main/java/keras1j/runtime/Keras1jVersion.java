package keras1j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The keras1j release these classes belong to (e.g. {@code 0.2.0}). Stateless and thread-safe. */
public final class Keras1jVersion {
    private static final String VERSION = load();

    private Keras1jVersion() {
    }

    /** The version of the keras1j build, as in its Maven coordinates. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Keras1jVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("keras1j/runtime/version.properties is missing from the runtime jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
