package keras1j.cli;

/** The exit codes other tools script against. */
final class ExitCodes {
    static final int OK = 0;
    static final int VERIFICATION_FAILED = 1;
    static final int USAGE = 2;
    static final int INVALID_MODEL = 3;
    static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
