package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.Tensor;

/** Convolution and transposed convolution on generated problems, against the naive reference. */
class ConvTest {

    record ConvCase(int[] in, int cin, int[] kernel, int cout, int groups, int[] strides, int[] dilations,
            int[] padsBegin, int[] padsEnd, boolean bias, int batch) {
        @Override
        public String toString() {
            return "in " + s(in) + "x" + cin + " k " + s(kernel) + "->" + cout + " g" + groups + " s" + s(strides)
                    + " d" + s(dilations) + " p" + s(padsBegin) + "/" + s(padsEnd) + (bias ? " bias" : "")
                    + " n" + batch;
        }
    }

    static String s(int[] v) {
        return java.util.Arrays.toString(v).replace(" ", "");
    }

    static Stream<ConvCase> convCases() {
        List<ConvCase> c = new ArrayList<>();
        // 1D
        c.add(new ConvCase(new int[] {11}, 3, new int[] {3}, 5, 1, new int[] {1}, new int[] {1}, new int[] {0},
                new int[] {0}, true, 1));
        c.add(new ConvCase(new int[] {11}, 3, new int[] {3}, 5, 1, new int[] {2}, new int[] {2}, new int[] {1},
                new int[] {2}, false, 3));
        c.add(new ConvCase(new int[] {10}, 4, new int[] {2}, 6, 2, new int[] {3}, new int[] {1}, new int[] {2},
                new int[] {0}, true, 3));
        c.add(new ConvCase(new int[] {9}, 4, new int[] {3}, 4, 4, new int[] {1}, new int[] {2}, new int[] {2},
                new int[] {2}, true, 1));
        c.add(new ConvCase(new int[] {3}, 2, new int[] {3}, 2, 2, new int[] {1}, new int[] {3}, new int[] {3},
                new int[] {3}, true, 3));
        // 2D
        c.add(new ConvCase(new int[] {9, 8}, 4, new int[] {3, 2}, 6, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, true, 1));
        c.add(new ConvCase(new int[] {9, 8}, 4, new int[] {3, 2}, 6, 1, new int[] {2, 3}, new int[] {1, 1},
                new int[] {1, 0}, new int[] {2, 1}, false, 3));
        c.add(new ConvCase(new int[] {9, 8}, 4, new int[] {3, 3}, 6, 1, new int[] {1, 2}, new int[] {2, 1},
                new int[] {2, 1}, new int[] {0, 1}, true, 3));
        c.add(new ConvCase(new int[] {7, 7}, 4, new int[] {3, 3}, 6, 2, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 3));
        c.add(new ConvCase(new int[] {7, 6}, 4, new int[] {3, 3}, 6, 2, new int[] {2, 1}, new int[] {1, 2},
                new int[] {0, 2}, new int[] {1, 0}, false, 1));
        c.add(new ConvCase(new int[] {7, 7}, 5, new int[] {3, 3}, 5, 5, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 3));
        c.add(new ConvCase(new int[] {8, 7}, 3, new int[] {3, 2}, 6, 3, new int[] {2, 2}, new int[] {2, 1},
                new int[] {1, 0}, new int[] {2, 1}, false, 3));
        c.add(new ConvCase(new int[] {6, 5}, 8, new int[] {1, 1}, 10, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, true, 3));
        c.add(new ConvCase(new int[] {6, 5}, 8, new int[] {1, 1}, 10, 2, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, false, 1));
        c.add(new ConvCase(new int[] {6, 5}, 8, new int[] {1, 1}, 10, 1, new int[] {2, 2}, new int[] {1, 1},
                new int[] {1, 0}, new int[] {0, 0}, true, 1));
        // large enough to run in parallel, wider than one GEMM panel
        c.add(new ConvCase(new int[] {20, 18}, 16, new int[] {3, 3}, 70, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 3));
        c.add(new ConvCase(new int[] {20, 18}, 16, new int[] {1, 1}, 130, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, true, 2));
        c.add(new ConvCase(new int[] {24, 24}, 32, new int[] {3, 3}, 32, 32, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 3));
        c.add(new ConvCase(new int[] {9, 9}, 4, new int[] {3, 3}, 4, 4, new int[] {2, 2}, new int[] {1, 1},
                new int[] {1, 0}, new int[] {1, 1}, true, 3));
        c.add(new ConvCase(new int[] {9, 8}, 3, new int[] {2, 3}, 3, 3, new int[] {1, 3}, new int[] {2, 1},
                new int[] {0, 2}, new int[] {1, 0}, false, 1));
        // fewer output positions than channels: the row-major product (im2col, pointwise direct)
        c.add(new ConvCase(new int[] {4, 4}, 3, new int[] {3, 3}, 20, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 1));
        c.add(new ConvCase(new int[] {5, 4}, 4, new int[] {2, 2}, 40, 2, new int[] {2, 1}, new int[] {1, 2},
                new int[] {1, 0}, new int[] {0, 1}, false, 1));
        c.add(new ConvCase(new int[] {3, 3}, 8, new int[] {1, 1}, 24, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, true, 1));
        c.add(new ConvCase(new int[] {3, 3}, 8, new int[] {1, 1}, 24, 2, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, false, 1));
        c.add(new ConvCase(new int[] {17, 17}, 8, new int[] {3, 3}, 300, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 1));
        c.add(new ConvCase(new int[] {17, 17}, 8, new int[] {1, 1}, 300, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, true, 1));
        // 3D
        c.add(new ConvCase(new int[] {5, 6, 4}, 2, new int[] {2, 3, 2}, 3, 1, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {0, 0, 0}, new int[] {0, 0, 0}, true, 1));
        c.add(new ConvCase(new int[] {5, 6, 5}, 2, new int[] {2, 3, 2}, 3, 1, new int[] {2, 1, 2},
                new int[] {1, 2, 1}, new int[] {1, 0, 1}, new int[] {0, 2, 1}, false, 3));
        c.add(new ConvCase(new int[] {4, 5, 5}, 4, new int[] {3, 2, 2}, 6, 2, new int[] {1, 2, 1},
                new int[] {1, 1, 2}, new int[] {1, 1, 0}, new int[] {1, 0, 1}, true, 3));
        c.add(new ConvCase(new int[] {5, 5, 6}, 2, new int[] {2, 3, 3}, 2, 2, new int[] {2, 1, 2},
                new int[] {1, 1, 2}, new int[] {1, 1, 2}, new int[] {0, 1, 1}, true, 3));
        c.add(new ConvCase(new int[] {4, 5, 5}, 3, new int[] {3, 3, 3}, 6, 3, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true, 1));
        // shifted views (at least 16 input channels per group, at most 4 taps, not pointwise): one product
        // per kernel tap on strided views of the input, with the Vector API kernel (and the plain one from
        // 256 outputs); the 3x3 case has too many taps and builds im2col rows instead
        c.add(new ConvCase(new int[] {40}, 16, new int[] {2}, 16, 1, new int[] {1}, new int[] {4}, new int[] {4},
                new int[] {0}, true, 2));
        c.add(new ConvCase(new int[] {23}, 16, new int[] {3}, 20, 1, new int[] {2}, new int[] {3}, new int[] {2},
                new int[] {1}, false, 3));
        c.add(new ConvCase(new int[] {5}, 16, new int[] {3}, 16, 1, new int[] {1}, new int[] {3}, new int[] {4},
                new int[] {4}, true, 1));
        c.add(new ConvCase(new int[] {4}, 16, new int[] {4}, 17, 1, new int[] {3}, new int[] {2}, new int[] {5},
                new int[] {6}, true, 2));
        c.add(new ConvCase(new int[] {600}, 16, new int[] {2}, 24, 1, new int[] {1}, new int[] {1}, new int[] {1},
                new int[] {0}, true, 2));
        c.add(new ConvCase(new int[] {30}, 16, new int[] {3}, 260, 1, new int[] {1}, new int[] {2}, new int[] {2},
                new int[] {2}, true, 2));
        c.add(new ConvCase(new int[] {9, 11}, 32, new int[] {2, 2}, 32, 2, new int[] {2, 3}, new int[] {2, 1},
                new int[] {2, 1}, new int[] {1, 0}, true, 3));
        c.add(new ConvCase(new int[] {12, 10}, 16, new int[] {3, 3}, 16, 1, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, true, 2));
        c.add(new ConvCase(new int[] {4, 5, 6}, 16, new int[] {1, 2, 2}, 16, 1, new int[] {1, 2, 1},
                new int[] {1, 1, 2}, new int[] {1, 0, 2}, new int[] {0, 1, 1}, false, 2));
        // depthwise, channels vectorized with a ragged tail, interior and edge positions of each row
        c.add(new ConvCase(new int[] {37}, 12, new int[] {3}, 12, 12, new int[] {1}, new int[] {2}, new int[] {3},
                new int[] {1}, true, 2));
        c.add(new ConvCase(new int[] {11, 23}, 20, new int[] {3, 3}, 20, 20, new int[] {1, 2}, new int[] {2, 1},
                new int[] {2, 1}, new int[] {1, 1}, false, 2));
        c.add(new ConvCase(new int[] {6, 9}, 16, new int[] {5, 5}, 16, 16, new int[] {1, 1}, new int[] {1, 1},
                new int[] {2, 2}, new int[] {2, 2}, true, 1));
        c.add(new ConvCase(new int[] {3, 4, 10}, 9, new int[] {2, 2, 3}, 9, 9, new int[] {1, 1, 3},
                new int[] {1, 2, 1}, new int[] {0, 1, 2}, new int[] {1, 1, 2}, true, 2));
        // transposed product over blocks of 256 positions that cut output rows, from the channels-first copy
        c.add(new ConvCase(new int[] {20, 18}, 4, new int[] {3, 3}, 6, 1, new int[] {1, 1}, new int[] {1, 2},
                new int[] {1, 2}, new int[] {1, 2}, true, 3));
        c.add(new ConvCase(new int[] {300}, 3, new int[] {4}, 5, 1, new int[] {3}, new int[] {2}, new int[] {3},
                new int[] {2}, false, 2));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void convolutionMatchesReference(ConvCase k) {
        Random r = new Random(k.toString().hashCode());
        int[] kshape = new int[k.kernel.length + 2];
        System.arraycopy(k.kernel, 0, kshape, 0, k.kernel.length);
        kshape[k.kernel.length] = k.cin / k.groups;
        kshape[k.kernel.length + 1] = k.cout;
        Tensor kernel = Problems.random(r, kshape);
        Conv op = new Conv(kernel, k.bias ? Problems.randomVector(r, k.cout) : null, k.strides, k.dilations,
                k.padsBegin, k.padsEnd, k.groups);
        int[] in = java.util.Arrays.copyOf(k.in, k.in.length + 1);
        in[k.in.length] = k.cin;
        Graph g = Problems.single(op, in);
        Problems.check(g, Problems.inputs(g, r, k.batch), 2);
    }

    record TransposeCase(int[] in, int cin, int[] kernel, int cout, int[] strides, int[] padsBegin, int[] outDelta,
            boolean bias, int batch) {
        @Override
        public String toString() {
            return "in " + s(in) + "x" + cin + " k " + s(kernel) + "->" + cout + " s" + s(strides) + " p"
                    + s(padsBegin) + " out full-pad" + s(outDelta) + (bias ? " bias" : "") + " n" + batch;
        }
    }

    static Stream<TransposeCase> transposeCases() {
        List<TransposeCase> c = new ArrayList<>();
        c.add(new TransposeCase(new int[] {5}, 3, new int[] {3}, 4, new int[] {1}, new int[] {0}, new int[] {0},
                true, 1));
        c.add(new TransposeCase(new int[] {5}, 3, new int[] {3}, 4, new int[] {2}, new int[] {1}, new int[] {-1},
                false, 3));
        c.add(new TransposeCase(new int[] {6}, 2, new int[] {2}, 3, new int[] {3}, new int[] {0}, new int[] {3},
                true, 3));
        c.add(new TransposeCase(new int[] {4, 5}, 3, new int[] {3, 3}, 4, new int[] {1, 1}, new int[] {1, 1},
                new int[] {-1, 0}, true, 1));
        c.add(new TransposeCase(new int[] {4, 5}, 3, new int[] {3, 3}, 4, new int[] {2, 2}, new int[] {1, 1},
                new int[] {-1, -1}, true, 3));
        c.add(new TransposeCase(new int[] {4, 5}, 3, new int[] {4, 2}, 5, new int[] {3, 2}, new int[] {2, 0},
                new int[] {2, 1}, false, 3));
        c.add(new TransposeCase(new int[] {3, 3}, 4, new int[] {5, 5}, 2, new int[] {2, 3}, new int[] {0, 2},
                new int[] {-3, 4}, true, 1));
        c.add(new TransposeCase(new int[] {16, 16}, 16, new int[] {3, 3}, 70, new int[] {2, 2}, new int[] {1, 1},
                new int[] {-1, -1}, true, 2));
        c.add(new TransposeCase(new int[] {3, 4, 3}, 2, new int[] {2, 3, 2}, 3, new int[] {2, 1, 3},
                new int[] {1, 0, 1}, new int[] {-1, 1, 0}, true, 3));
        c.add(new TransposeCase(new int[] {3, 3, 3}, 2, new int[] {3, 3, 3}, 2, new int[] {1, 2, 2},
                new int[] {2, 1, 0}, new int[] {2, -2, 0}, false, 1));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transposeCases")
    void transposedConvolutionMatchesReference(TransposeCase k) {
        Random r = new Random(k.toString().hashCode());
        int rank = k.kernel.length;
        int[] kshape = java.util.Arrays.copyOf(k.kernel, rank + 2);
        kshape[rank] = k.cin;
        kshape[rank + 1] = k.cout;
        int[] outSize = new int[rank];
        for (int a = 0; a < rank; a++) {
            int full = (k.in[a] - 1) * k.strides[a] + k.kernel[a];
            outSize[a] = full - k.padsBegin[a] + k.outDelta[a];
        }
        ConvTranspose op = new ConvTranspose(Problems.random(r, kshape),
                k.bias ? Problems.randomVector(r, k.cout) : null, k.strides, k.padsBegin, outSize);
        int[] in = java.util.Arrays.copyOf(k.in, rank + 1);
        in[rank] = k.cin;
        Graph g = Problems.single(op, in);
        Problems.check(g, Problems.inputs(g, r, k.batch), 2);
    }
}
