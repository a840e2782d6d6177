/**
 * Keras regression checks in JUnit 5 tests (artifact {@code keras1j-junit}): {@code keras1j.junit}.
 */
module keras1j.junit {
    requires transitive keras1j.verify;
    requires org.opentest4j;

    exports keras1j.junit;
}
