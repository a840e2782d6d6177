package keras1j.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import keras1j.keras.Backend;

class PaddingRulesTest {

    @ParameterizedTest(name = "{0} {1}: n={2} k={3} s={4} d={5} -> ({6}, {7}) out {8}")
    @CsvSource({
        // TensorFlow same: the odd zero at the end
        "TENSORFLOW, same, 8, 3, 2, 1, 0, 1, 4",
        "TENSORFLOW, same, 11, 4, 2, 1, 1, 2, 6",
        "TENSORFLOW, same, 9, 2, 1, 3, 1, 2, 9",
        "TENSORFLOW, same, 6, 2, 3, 1, 0, 0, 2",
        // Theano same: k_eff/2 before, first ceil(n/s) outputs kept
        "THEANO, same, 8, 3, 2, 1, 1, 0, 4",
        "THEANO, same, 6, 2, 1, 1, 1, 0, 6",
        "THEANO, same, 7, 2, 2, 1, 1, 0, 4",
        "THEANO, same, 9, 2, 1, 3, 2, 1, 9",
        "THEANO, full, 5, 3, 1, 1, 2, 2, 7",
        "THEANO, valid, 9, 3, 1, 2, 0, 0, 5",
        "TENSORFLOW, valid, 7, 3, 2, 1, 0, 0, 3"
    })
    void convolutionPads(Backend backend, String mode, int n, int k, int s, int d, int begin, int end, int out) {
        assertEquals(new PaddingRules.Pads(begin, end, out), PaddingRules.conv(backend, mode, n, k, s, d));
    }

    @ParameterizedTest(name = "{0} {1}: n={2} p={3} s={4} -> ({5}, {6}) out {7}")
    @CsvSource({
        "THEANO, same, 5, 2, 2, 1, 0, 3",
        "THEANO, same, 6, 3, 2, 1, 0, 3",
        "THEANO, same, 5, 3, 2, 1, 1, 3",
        "THEANO, same, 8, 4, 4, 3, 0, 2",
        "THEANO, same, 4, 1, 1, 0, 0, 4",
        "TENSORFLOW, same, 5, 3, 2, 1, 1, 3",
        "TENSORFLOW, same, 8, 3, 2, 0, 1, 4",
        "TENSORFLOW, valid, 7, 2, 2, 0, 0, 3"
    })
    void poolingPads(Backend backend, String mode, int n, int p, int s, int begin, int end, int out) {
        assertEquals(new PaddingRules.Pads(begin, end, out), PaddingRules.pool(backend, mode, n, p, s));
    }

    @ParameterizedTest(name = "{0} {1} rank {2}: n={3} p={4} s={5} -> ({6}, {7}) out {8}")
    @CsvSource({
        "THEANO, same, 1, 4, 1, 2, 0, 0, 2",
        "THEANO, same, 2, 4, 1, 1, 0, 0, 4",
        "THEANO, same, 3, 6, 2, 3, 1, 0, 2",
        "THEANO, same, 3, 5, 3, 1, 1, 1, 5",
        "THEANO, same, 3, 7, 4, 3, 3, 0, 3",
        "TENSORFLOW, same, 3, 5, 1, 2, 0, 0, 3"
    })
    void poolingPadsByRank(Backend backend, String mode, int rank, int n, int p, int s, int begin, int end, int out) {
        assertEquals(new PaddingRules.Pads(begin, end, out), PaddingRules.pool(backend, mode, rank, n, p, s));
    }

    @Test
    void theanoSamePool3dWithPoolSizeOneIsUnsupported() {
        assertThrows(UnsupportedOperationException.class, () -> PaddingRules.pool(Backend.THEANO, "same", 3, 5, 1, 1));
    }

    @ParameterizedTest(name = "{0} {1}: out={2} k={3} s={4} -> forward {5}")
    @CsvSource({
        "TENSORFLOW, same, 7, 3, 2, 4",
        "TENSORFLOW, same, 8, 4, 2, 4",
        "TENSORFLOW, valid, 9, 2, 2, 4",
        "TENSORFLOW, valid, 2, 3, 1, 0",
        "THEANO, same, 9, 3, 2, 5",
        "THEANO, same, 4, 2, 1, 5",
        "THEANO, same, 4, 2, 2, 3",
        "THEANO, valid, 11, 3, 2, 5",
        "THEANO, full, 3, 3, 1, 5"
    })
    void deconvolutionForwardSize(Backend backend, String mode, int out, int k, int s, int forward) {
        assertEquals(forward, PaddingRules.deconvForward(backend, mode, out, k, s));
    }

    @ParameterizedTest(name = "{0} {1}: in={2} out={3} k={4} s={5} -> kept {6}")
    @CsvSource({
        "THEANO, same, 5, 4, 2, 1, 4",
        "THEANO, same, 3, 4, 2, 2, 2",
        "THEANO, same, 3, 5, 3, 2, 5",
        "THEANO, valid, 4, 8, 2, 2, 8",
        "TENSORFLOW, same, 4, 8, 2, 2, 8"
    })
    void deconvolutionValuesKerasKeeps(Backend backend, String mode, int in, int out, int k, int s, int kept) {
        assertEquals(kept, PaddingRules.deconvKept(backend, mode, in, out, k, s));
    }

    @ParameterizedTest(name = "{0} {1}: in={2} out={3} k={4} s={5} -> drop {6}")
    @CsvSource({
        "TENSORFLOW, same, 4, 8, 3, 2, 0",
        "TENSORFLOW, same, 4, 7, 3, 2, 1",
        "TENSORFLOW, valid, 4, 9, 3, 2, 0",
        "THEANO, same, 5, 5, 3, 1, 1",
        "THEANO, full, 5, 3, 3, 1, 2"
    })
    void deconvolutionLeadingDrop(Backend backend, String mode, int in, int out, int k, int s, int begin) {
        assertEquals(begin, PaddingRules.deconvBegin(backend, mode, in, out, k, s));
    }
}
