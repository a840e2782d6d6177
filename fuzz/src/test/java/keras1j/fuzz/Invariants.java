package keras1j.fuzz;

import keras1j.errors.Keras1jException;

/** What every typed failure must satisfy: a bounded, one-line, printable message. */
final class Invariants {
    /** Longest message allowed (the bound of {@link Keras1jException#printable} plus slack). */
    static final int MAX_MESSAGE = 1200;

    private Invariants() {
    }

    static void checkMessage(Keras1jException e) {
        String m = e.getMessage();
        if (m == null || m.isEmpty()) {
            throw new AssertionError("typed exception without a message", e);
        }
        if (m.length() > MAX_MESSAGE) {
            throw new AssertionError("message of " + m.length() + " chars", e);
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                throw new AssertionError("control character " + (int) c + " in message", e);
            }
        }
    }
}
