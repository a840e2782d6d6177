package keras1j.errors;

/**
 * Root of every exception keras1j throws on purpose. Unchecked, like jhdf's {@code HdfException}:
 * callers catch this one type, or one of its narrow subclasses when they want to tell bad files
 * from unsupported features or bad inputs.
 *
 * <p>Messages always name what is wrong and where (file, layer, field, op), so that a command-line
 * user sees a one-line reason without a stack trace. Since messages echo names and values taken
 * from untrusted files, every message is made bounded and printable here, in one place
 * ({@link #printable}): control characters (newlines included) are escaped, so a message is always
 * one line; a run of more than {@value #MAX_TOKEN} characters without a space (a long name or value)
 * is cut to its first {@value #KEPT_TOKEN} characters with its length said; and a message longer
 * than {@value #MAX_MESSAGE} characters keeps its beginning and end with the total length said.
 */
public class Keras1jException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Longest run of non-space characters kept whole. */
    static final int MAX_TOKEN = 200;
    /** Characters kept of a longer run. */
    static final int KEPT_TOKEN = 100;
    /** Longest message kept whole. */
    static final int MAX_MESSAGE = 1000;
    private static final int HEAD = 640;
    private static final int TAIL = 300;

    public Keras1jException(String message) {
        super(printable(message));
    }

    public Keras1jException(String message, Throwable cause) {
        super(printable(message), cause);
    }

    /**
     * The bounded one-line form of {@code text} used for every keras1j message (see the class
     * comment); idempotent. {@code null} stays {@code null}.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder all = new StringBuilder();
        if (clean(text, 0, 8 * MAX_MESSAGE, all)) {
            String clean = all.toString();
            return clean.length() <= MAX_MESSAGE ? clean
                    : join(clean.substring(0, HEAD), text.length(), clean.substring(clean.length() - TAIL));
        }
        // a huge message: only its two ends can be kept, so only they are cleaned (whole runs measured)
        String head = all.toString();
        int from = text.length() - 4 * MAX_MESSAGE;
        while (from > 0 && text.charAt(from - 1) != ' ') {
            from--;
        }
        StringBuilder end = new StringBuilder();
        clean(text, from, Integer.MAX_VALUE, end);
        String tail = end.toString();
        return join(head.substring(0, Math.min(HEAD, head.length())), text.length(),
                tail.substring(Math.max(0, tail.length() - TAIL)));
    }

    private static String join(String head, int total, String tail) {
        return head + " ...[message of " + total + " chars cut]... " + tail;
    }

    /**
     * Appends {@code text} from {@code from} to {@code sb} with control characters escaped and long
     * runs without spaces cut, until {@code sb} has more than {@code enough} characters; true if the
     * text was used up.
     */
    private static boolean clean(String text, int from, int enough, StringBuilder sb) {
        int i = from;
        int n = text.length();
        while (i < n && sb.length() <= enough) {
            char c = text.charAt(i);
            if (c == ' ') {
                sb.append(c);
                i++;
                continue;
            }
            int end = i;
            while (end < n && text.charAt(end) != ' ') {
                end++;
            }
            if (end - i > MAX_TOKEN) {
                int cut = i + KEPT_TOKEN;
                if (Character.isLowSurrogate(text.charAt(cut))) {
                    cut--;
                }
                escape(text, i, cut, sb);
                sb.append("...[").append(end - i).append(" chars]");
            } else {
                escape(text, i, end, sb);
            }
            i = end;
        }
        return i >= n;
    }

    private static void escape(String text, int from, int to, StringBuilder sb) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (unprintable(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /** Control characters, line and paragraph separators, and the bidirectional overrides. */
    private static boolean unprintable(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            return true;
        }
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f';
    }
}
