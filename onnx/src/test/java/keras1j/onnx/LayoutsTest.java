package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LayoutsTest {

    @Test
    void channelsFirstAndLastPermutationsAreInverse() {
        assertArrayEquals(new int[] {0, 3, 1, 2}, Layouts.toChannelsFirst(4));
        assertArrayEquals(new int[] {0, 2, 3, 1}, Layouts.toChannelsLast(4));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Layouts.compose(Layouts.toChannelsFirst(5), Layouts.toChannelsLast(5)));
    }

    @Test
    void permuteMovesEveryElement() {
        // [2, 3] -> [3, 2]
        float[] data = {0, 1, 2, 10, 11, 12};
        assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, Layouts.permute(data, new int[] {2, 3}, new int[] {1, 0}));
    }

    @Test
    void permuteOfRankThreeFollowsTheTransposeDefinition() {
        // x[a, b, c] = 100a + 10b + c with shape [2, 3, 2]; y = x.transpose(2, 0, 1) has shape [2, 2, 3]
        float[] data = new float[12];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 2; c++) {
                    data[a * 6 + b * 2 + c] = 100 * a + 10 * b + c;
                }
            }
        }
        float[] y = Layouts.permute(data, new int[] {2, 3, 2}, new int[] {2, 0, 1});
        assertArrayEquals(new float[] {0, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121}, y);
        assertArrayEquals(new int[] {2, 2, 3}, Layouts.permuteShape(new int[] {2, 3, 2}, new int[] {2, 0, 1}));
    }
}
