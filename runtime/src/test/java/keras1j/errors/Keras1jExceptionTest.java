package keras1j.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Keras1jExceptionTest {

    @Test
    void ordinaryMessagesAreKeptAsTheyAre() {
        String m = "model.h5: layer 'dense_1' (Dense): weight 'dense_1_W' has shape (3, 4), the layer configuration"
                + " implies (4, 3)";
        assertEquals(m, new InvalidModelException(m).getMessage());
        assertNull(new Keras1jException(null).getMessage());
    }

    @Test
    void controlCharactersAreEscapedSoTheMessageIsOneLine() {
        String m = new ShapeException("layer 'evil\nname\r' \t\u001b[31m\u0000 \u2028 \u202e").getMessage();
        assertEquals("layer 'evil\\nname\\r' \\t\\u001b[31m\\u0000 \\u2028 \\u202e", m);
        assertTrue(m.chars().allMatch(c -> c >= 0x20 && c != 0x7f));
    }

    @Test
    void aLongNameOrValueIsCutWithItsLengthSaid() {
        String value = "v".repeat(5000);
        String m = new InvalidModelException("'activation' = '" + value + "' is not supported").getMessage();
        assertEquals("'activation' = '" + "v".repeat(99) + "...[5002 chars] is not supported", m);
    }

    @Test
    void aHugeMessageKeepsItsStartAndEndAndSaysItsLength() {
        StringBuilder sb = new StringBuilder("start");
        for (int i = 0; i < 1_000_000; i++) {
            sb.append(" w").append(i % 10);
        }
        sb.append(" end");
        String m = new UnsupportedFeatureException(sb.toString()).getMessage();
        assertTrue(m.length() <= Keras1jException.MAX_MESSAGE + 80, () -> "length " + m.length());
        assertTrue(m.startsWith("start w0 w1"), m);
        assertTrue(m.endsWith(" end"), m);
        assertTrue(m.contains("chars"), m);
    }

    @Test
    void printableIsIdempotentSoWrappedMessagesStayAsTheyWere() {
        String once = Keras1jException.printable("x\n" + "y".repeat(3000) + " " + "z ".repeat(2000));
        assertEquals(once, Keras1jException.printable(once));
        assertEquals(once, Keras1jException.printable(new ShapeException(once).getMessage()));
        assertFalse(once.contains("\n"));
    }

    @Test
    void aLongFilePathIsKept() {
        String path = "/home/user/projects/" + "sub/".repeat(40) + "model.h5";
        assertTrue(path.length() < Keras1jException.MAX_TOKEN);
        assertEquals(path + " is empty", new InvalidModelException(path + " is empty").getMessage());
    }
}
