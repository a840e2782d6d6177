package keras1j.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every available SGEMM kernel against a naive triple loop, on ragged sizes, sub-ranges and offsets. */
class SgemmTest {

    static List<Named<Sgemm>> kernels() {
        List<Named<Sgemm>> k = new ArrayList<>();
        k.add(Named.of("plain", Kernels.plainSgemm()));
        Kernels.vectorSgemm().ifPresent(v -> k.add(Named.of("vector", v)));
        return k;
    }

    static Stream<Arguments> problems() {
        int[][] sizes = {{1, 1, 1}, {1, 7, 300}, {5, 3, 17}, {6, 256, 64}, {7, 300, 33}, {13, 513, 257},
            {24, 9, 16}, {49, 64, 520}, {3, 0, 5}, {7, 300, 1100}, {2, 40, 9000}};
        List<Arguments> a = new ArrayList<>();
        for (Named<Sgemm> k : kernels()) {
            for (int[] s : sizes) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    a.add(Arguments.of(k, s[0], s[1], s[2], accumulate));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} accumulate={4}")
    @MethodSource("problems")
    void productMatchesNaiveLoop(Sgemm gemm, int m, int k, int n, boolean accumulate) {
        Random r = new Random(m * 31 + k * 7 + n);
        int lda = k + 3;
        int ldb = n + 2;
        int ldc = n + 5;
        float[] a = fill(r, 2 + m * lda);
        float[] b = fill(r, 1 + Math.max(1, k) * ldb);
        float[] c = fill(r, 4 + m * ldc);
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[4 + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[2 + i * lda + p] * b[1 + p * ldb + j];
                }
                expected[4 + i * ldc + j] = (float) s;
            }
        }
        PackedMatrix packed = gemm.pack(b, 1, ldb, k, n);
        gemm.multiply(m, a, 2, lda, packed, 0, n, c, 4, ldc, accumulate);
        for (int i = 0; i < c.length; i++) {
            // float32 sums of up to ~500 products of values in [-1, 1], re-associated: < 1e-5 absolute
            assertEquals(expected[i], c[i], 1e-4, "at " + i);
        }
    }

    static Stream<Arguments> tapProblems() {
        // rows, taps, tap length, columns: tiles of 12, 6 and single rows; two vectors, one, scalar tails
        int[][] sizes = {{1, 1, 1, 1}, {13, 9, 16, 64}, {31, 9, 64, 70}, {12, 3, 300, 32}, {19, 27, 3, 48},
            {7, 1, 5, 17}, {40, 4, 100, 129}};
        List<Arguments> a = new ArrayList<>();
        for (Named<Sgemm> k : kernels()) {
            for (int[] s : sizes) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    a.add(Arguments.of(k, s[0], s[1], s[2], s[3], accumulate));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} rows={1} taps={2} length={3} n={4} accumulate={5}")
    @MethodSource("tapProblems")
    void tapProductMatchesNaiveLoop(Sgemm gemm, int m, int nTaps, int length, int n, boolean accumulate) {
        checkTaps(gemm, m, nTaps, length, n, accumulate, false);
    }

    static Stream<Arguments> epilogueProblems() {
        // sizes reach 12- and 6-row tiles, single rows, two-vector, one-vector and scalar columns,
        // several reduction blocks, an empty reduction and (2 x 9000 floats = 18000 < 16M) packed B
        int[][] sizes = {{1, 1, 1}, {5, 3, 17}, {13, 513, 70}, {25, 64, 33}, {3, 0, 5}, {49, 300, 96}};
        String[] kinds = {"bias", "add", "relu", "bias+add+relu"};
        List<Arguments> a = new ArrayList<>();
        for (Named<Sgemm> k : kernels()) {
            for (int[] s : sizes) {
                for (String kind : kinds) {
                    for (boolean view : new boolean[] {false, true}) {
                        a.add(Arguments.of(k, s[0], s[1], s[2], kind, view));
                    }
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} {4} view={5}")
    @MethodSource("epilogueProblems")
    void epilogueMatchesNaiveLoop(Sgemm gemm, int m, int k, int n, String kind, boolean view) {
        Random r = new Random(m * 37 + k * 11 + n + kind.hashCode());
        int lda = k + 3;
        int ldb = n + 2;
        int ldc = n + 5;
        int ldAdd = n + 7;
        float[] a = fill(r, 2 + m * lda);
        float[] b = fill(r, 1 + Math.max(1, k) * ldb);
        float[] c = fill(r, 4 + m * ldc);
        float[] bias = kind.contains("bias") ? fill(r, 3 + n) : null;
        float[] add = kind.contains("add") ? fill(r, 6 + m * ldAdd) : null;
        boolean relu = kind.contains("relu");
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[2 + i * lda + p] * b[1 + p * ldb + j];
                }
                s += bias == null ? 0 : bias[3 + j];
                s += add == null ? 0 : add[6 + i * ldAdd + j];
                expected[4 + i * ldc + j] = (float) (relu ? Math.max(s, 0) : s);
            }
        }
        PackedMatrix packed = gemm.pack(b, 1, ldb, k, n);
        PackedMatrix operand = view ? PackedMatrix.view(b, 1, ldb, k, n, packed.panelWidth()) : packed;
        Epilogue e = new Epilogue(bias, 3, add, 6, ldAdd, relu);
        // two column ranges split on a panel boundary, as GemmRunner splits work
        int split = Math.min(n, packed.panelWidth());
        gemm.multiply(m, a, 2, lda, operand, 0, split, c, 4, ldc, false, e);
        gemm.multiply(m, a, 2, lda, operand, split, n, c, 4, ldc, false, e);
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-4, "at " + i);
        }
    }

    @ParameterizedTest(name = "{0} rows={1} taps={2} length={3} n={4} accumulate={5}")
    @MethodSource("tapProblems")
    void tapEpilogueMatchesNaiveLoop(Sgemm gemm, int m, int nTaps, int length, int n, boolean accumulate) {
        checkTaps(gemm, m, nTaps, length, n, accumulate, true);
    }

    /**
     * A tap product (rows of A gathered by row and tap offsets) against a naive double-precision loop;
     * with {@code epilogue}, a bias, an addend and ReLU applied by the product's {@link Epilogue}.
     */
    private static void checkTaps(Sgemm gemm, int m, int nTaps, int length, int n, boolean accumulate,
            boolean epilogue) {
        Random r = new Random(m * 131 + nTaps * 17 + length * 3 + n + (epilogue ? 1 : 0));
        int k = nTaps * length;
        float[] a = fill(r, 1000 + 3 * length * (m + nTaps));
        int[] taps = new int[nTaps];
        for (int t = 0; t < nTaps; t++) {
            taps[t] = r.nextInt(500);
        }
        int[] rows = new int[m + 3];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = r.nextInt(400);
        }
        int ldc = n + 3;
        float[] b = fill(r, k * n);
        float[] c = fill(r, 2 + m * ldc);
        float[] bias = epilogue ? fill(r, 1 + n) : null;
        float[] add = epilogue ? fill(r, 5 + m * n) : null;
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[2 + i * ldc + j] : 0;
                for (int t = 0; t < nTaps; t++) {
                    for (int q = 0; q < length; q++) {
                        sum += (double) a[rows[i + 3] + taps[t] + q] * b[(t * length + q) * n + j];
                    }
                }
                if (epilogue) {
                    sum = Math.max(sum + bias[1 + j] + add[5 + i * n + j], 0);
                }
                expected[2 + i * ldc + j] = (float) sum;
            }
        }
        PackedMatrix packed = gemm.pack(b, 0, n, k, n);
        if (epilogue) {
            gemm.multiplyTaps(m, a, rows, 3, taps, length, packed, 0, n, c, 2, ldc, accumulate,
                    new Epilogue(bias, 1, add, 5, n, true));
        } else {
            gemm.multiplyTaps(m, a, rows, 3, taps, length, packed, 0, n, c, 2, ldc, accumulate);
        }
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-4, "at " + i);
        }
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} accumulate={4}")
    @MethodSource("problems")
    void viewInPlaceGivesThePackedProduct(Sgemm gemm, int m, int k, int n, boolean accumulate) {
        Random r = new Random(m * 17 + k * 5 + n);
        int lda = k + 1;
        int ldb = n + 3;
        int ldc = n + 2;
        float[] a = fill(r, 1 + m * lda);
        float[] b = fill(r, 2 + Math.max(1, k) * ldb);
        float[] c = fill(r, 3 + m * ldc);
        float[] expected = c.clone();
        PackedMatrix packed = gemm.pack(b, 2, ldb, k, n);
        int pw = packed.panelWidth();
        PackedMatrix view = PackedMatrix.view(b, 2, ldb, k, n, pw);
        // both halves of the columns, split on a panel boundary, as GemmRunner splits work
        int split = Math.min(n, pw);
        gemm.multiply(m, a, 1, lda, packed, 0, split, expected, 3, ldc, accumulate);
        gemm.multiply(m, a, 1, lda, packed, split, n, expected, 3, ldc, accumulate);
        gemm.multiply(m, a, 1, lda, view, 0, split, c, 3, ldc, accumulate);
        gemm.multiply(m, a, 1, lda, view, split, n, c, 3, ldc, accumulate);
        for (int i = 0; i < c.length; i++) {
            // the same products summed in the same order: identical up to FMA contraction differences
            assertEquals(expected[i], c[i], 1e-5, "at " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void columnRangeLeavesOtherColumnsAlone(Sgemm gemm) {
        Random r = new Random(3);
        int m = 5;
        int k = 11;
        int n = 3 * gemm.pack(new float[1], 0, 1, 1, 1).panelWidth() + 7;
        float[] a = fill(r, m * k);
        float[] b = fill(r, k * n);
        PackedMatrix packed = gemm.pack(b, 0, n, k, n);
        int pw = packed.panelWidth();
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, 42f);
        gemm.multiply(m, a, 0, k, packed, pw, 2 * pw, c, 0, n, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = c[i * n + j];
                if (j < pw || j >= 2 * pw) {
                    assertEquals(42f, v);
                } else {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) a[i * k + p] * b[p * n + j];
                    }
                    assertEquals(s, v, 1e-5);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void wrappedRowsActAsOnePanel(Sgemm gemm) {
        Random r = new Random(4);
        int m = 7;
        int k = 9;
        int n = 37;
        float[][] rows = new float[k][n + 4];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextFloat();
            }
        }
        float[] a = fill(r, m * k);
        float[] c = new float[m * n];
        gemm.multiply(m, a, 0, k, PackedMatrix.wrapRows(rows, k, n), 0, n, c, 0, n, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * rows[p][j];
                }
                assertEquals(s, c[i * n + j], 1e-5);
            }
        }
    }

    @Test
    void vectorKernelIsChosenWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (module && Kernels.vectorSgemm().isPresent()) {
            assertEquals(Kernels.vectorSgemm().get(), Kernels.sgemm());
        } else {
            assertEquals(Kernels.plainSgemm(), Kernels.sgemm());
        }
        assertTrue(Kernels.sgemm().efficientColumns() > 0);
    }

    /**
     * Every row count is cut into register tiles of other heights (12, 6, 5, 4 and single rows, in
     * the vector kernel), and every value of C must come out bit for bit as when its row is
     * multiplied alone: the results of a sample do not depend on the rows around it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyRowCountGivesTheValuesOfRowsMultipliedAlone(Sgemm gemm) {
        Random r = new Random(17);
        int k = 70;
        int n = 83;
        int lda = k + 1;
        PackedMatrix packed = gemm.pack(fill(r, k * n), 0, n, k, n);
        int length = 5;
        int[] taps = {0, 40, 9, 77};
        PackedMatrix tapPacked = gemm.pack(fill(r, taps.length * length * n), 0, n, taps.length * length, n);
        for (int m = 1; m <= 30; m++) {
            float[] a = fill(r, m * lda);
            float[] x = fill(r, 2000);
            float[] bias = fill(r, n);
            float[] add = fill(r, m * n);
            float[] together = new float[m * n];
            float[] alone = new float[m * n];
            gemm.multiply(m, a, 0, lda, packed, 0, n, together, 0, n, false, new Epilogue(bias, 0, add, 0, n, true));
            int[] rows = new int[m];
            for (int i = 0; i < m; i++) {
                gemm.multiply(1, a, i * lda, lda, packed, 0, n, alone, i * n, n, false,
                        new Epilogue(bias, 0, add, i * n, n, true));
                rows[i] = r.nextInt(x.length - 100);
            }
            assertArrayEquals(alone, together, "product of " + m + " rows");
            for (int tapLength : new int[] {length, 1}) {
                int[] tapStarts = tapLength == length ? taps : new int[] {3};
                PackedMatrix b = tapLength == length ? tapPacked : gemm.pack(fill(r, n), 0, n, 1, n);
                gemm.multiplyTaps(m, x, rows, 0, tapStarts, tapLength, b, 0, n, together, 0, n, true);
                for (int i = 0; i < m; i++) {
                    gemm.multiplyTaps(1, x, rows, i, tapStarts, tapLength, b, 0, n, alone, i * n, n, true);
                }
                assertArrayEquals(alone, together, "tap product of " + m + " rows, taps of " + tapLength);
            }
        }
    }

    private static float[] fill(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** {@link Sgemm#packAll} (one shared array where the kernel packs flat) gives the products of {@link Sgemm#pack}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void packAllMatchesPackingEach(Sgemm gemm) {
        Random r = new Random(11);
        int count = 5;
        int k = 37;
        int n = 70;
        int m = 13;
        float[][] bs = new float[count][];
        for (int e = 0; e < count; e++) {
            bs[e] = fill(r, k * n);
        }
        float[] reused = new float[k * n];
        PackedMatrix[] all = gemm.packAll(count, k, n, e -> {
            System.arraycopy(bs[e], 0, reused, 0, k * n); // the same array refilled every time
            return reused;
        });
        assertEquals(count, all.length);
        float[] a = fill(r, m * k);
        for (int e = 0; e < count; e++) {
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            gemm.multiply(m, a, 0, k, gemm.pack(bs[e], 0, n, k, n), 0, n, expected, 0, n, false);
            gemm.multiply(m, a, 0, k, all[e], 0, n, actual, 0, n, false);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], "matrix " + e + " value " + i);
            }
            // the other layout of a matrix packed into a shared array gives the same product too
            PackedMatrix other = all[e].hasRows() ? all[e].toFlat() : all[e].toRows();
            float[] converted = new float[m * n];
            Kernels.plainSgemm().multiply(m, a, 0, k, other.toRows(), 0, n, converted, 0, n, false);
            float[] plain = new float[m * n];
            Kernels.plainSgemm().multiply(m, a, 0, k, Kernels.plainSgemm().pack(bs[e], 0, n, k, n), 0, n, plain, 0, n,
                    false);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(plain[i], converted[i], "matrix " + e + " converted, value " + i);
            }
        }
    }

    /** {@link Sgemm#packOwned} (in place where the kernel packs flat) gives the products of {@link Sgemm#pack}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void packOwnedMatchesPack(Sgemm gemm) {
        int[][] sizes = {{1, 1}, {3, 17}, {37, 70}, {64, 33}, {5, 300}, {129, 48}, {2, 1000}};
        for (int[] size : sizes) {
            int k = size[0];
            int n = size[1];
            Random r = new Random(k * 1000 + n);
            float[] b = fill(r, k * n);
            float[] owned = b.clone();
            PackedMatrix packed = gemm.packOwned(owned, k, n);
            int m = 7;
            float[] a = fill(r, m * k);
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            gemm.multiply(m, a, 0, k, gemm.pack(b, 0, n, k, n), 0, n, expected, 0, n, false);
            gemm.multiply(m, a, 0, k, packed, 0, n, actual, 0, n, false);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], k + "x" + n + " value " + i);
            }
        }
    }

    /** The in-place permutation gives exactly {@link PackedMatrix#packFlat}'s layout. */
    @Test
    void packFlatInPlaceIsPackFlat() {
        for (int[] size : new int[][] {{1, 1}, {4, 16}, {4, 17}, {13, 50}, {50, 13}, {33, 100}, {1, 95}, {95, 1}}) {
            int k = size[0];
            int n = size[1];
            for (int width : new int[] {1, 8, 16, 48}) {
                float[] b = fill(new Random(k * 31 + n), k * n);
                float[] expected = PackedMatrix.packFlat(b, 0, n, k, n, width).flatData();
                float[] in = b.clone();
                PackedMatrix p = PackedMatrix.packFlatInPlace(in, k, n, width);
                assertTrue(p.flatData() == in, "kept the array");
                assertTrue(java.util.Arrays.equals(expected, in), k + "x" + n + " width " + width);
            }
        }
    }
}
