package keras1j.runtime.exec;

/** What a running step may use: the engine's work splitter and the call's buffer arena. One per call. */
final class Exec {
    final Parallel parallel;
    final Arena arena;

    Exec(Parallel parallel, Arena arena) {
        this.parallel = parallel;
        this.arena = arena;
    }
}
