package keras1j.runtime.exec;

import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Graph;

/**
 * Fuzzing finding: a depthwise convolution whose kernel is wider than its input ('same' padding,
 * e.g. SeparableConvolution2D with nb_col 65535 on an input 5 wide) has taps that miss the input
 * entirely; the engine then copied zero elements from a negative source index, an
 * ArrayIndexOutOfBoundsException. Such taps contribute nothing. (The failing copy is on the path
 * taken without the Vector API, covered by {@code HostileModelTest} in the fuzz module; these tests
 * check every path's values against the reference.)
 */
class WideKernelRegressionTest {

    @Test
    void depthwiseKernelWiderThanTheInputMatchesTheReference() {
        Random r = new Random(3);
        for (int mult : new int[] {1, 2}) {
            for (int stride : new int[] {1, 2}) {
                Conv conv = new Conv(Problems.random(r, 3, 9, 1, 2 * mult), Problems.randomVector(r, 2 * mult),
                        new int[] {1, stride}, new int[] {1, 1}, new int[] {1, 4}, new int[] {1, 4}, 2);
                Graph g = Problems.single(conv, new int[] {3, 3, 2});
                Problems.check(g, Problems.inputs(g, r, 2), 2);
            }
        }
    }

    @Test
    void depthwiseKernelFarWiderThanTheInput() {
        Random r = new Random(4);
        Conv conv = new Conv(Problems.random(r, 1, 301, 1, 2), null, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 150}, new int[] {0, 150}, 2);
        Graph g = Problems.single(conv, new int[] {2, 5, 2});
        Problems.check(g, Problems.inputs(g, r, 1), 1);
    }
}
