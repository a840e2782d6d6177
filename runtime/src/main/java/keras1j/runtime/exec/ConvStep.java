package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * Convolution of any spatial rank and group count as matrix products: per group,
 * {@code C[N*outPositions, Cout/g] = im2col(x)[., k*Cin/g] x W[k*Cin/g, Cout/g]}, the im2col matrix
 * built in small row blocks that stay in cache. A pointwise (1x1, stride 1, unpadded) convolution
 * multiplies the input directly. Immutable; thread-safe.
 */
final class ConvStep extends Step {
    private final Window win;
    private final int cin;
    private final int cout;
    private final int groups;
    private final int cg;
    private final int coutG;
    private final int kdim;
    private final PackedMatrix[] weights;
    private final float[] bias;
    private final Sgemm gemm;
    private final boolean pointwise;
    /** Output rows per im2col block. */
    private final int grain;

    ConvStep(String name, Conv op, Window win, int cin, Sgemm gemm) {
        super(name);
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.groups = op.groups();
        this.cg = cin / groups;
        this.coutG = cout / groups;
        this.kdim = win.kernelVolume() * cg;
        this.gemm = gemm;
        this.bias = op.bias() == null ? null : op.bias().clone();
        this.pointwise = win.isPointwise();
        float[] k = op.kernel().data();
        this.weights = new PackedMatrix[groups];
        for (int g = 0; g < groups; g++) {
            // kernel [k..., Cg, Cout] is row-major [kdim, Cout]; group g owns columns g*coutG..
            weights[g] = gemm.pack(k, g * coutG, cout, kdim, coutG);
        }
        this.grain = Math.max(8, Math.min(256, 32768 / kdim));
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int rows = batch * win.outPositions();
        if (pointwise) {
            for (int g = 0; g < groups; g++) {
                GemmRunner.multiply(exec, gemm, rows, x, g * cg, cin, weights[g], out, 0, cout, g * coutG, bias,
                        fused);
            }
            return;
        }
        long work = 2L * rows * kdim * cout;
        int participants = exec.parallel.participants(rows, grain, work);
        float[][] cols = new float[participants][];
        for (int i = 0; i < participants; i++) {
            cols[i] = exec.arena.take(grain * kdim);
        }
        exec.parallel.forRange(rows, grain, work, (w, r0, r1) -> {
            float[] col = cols[w];
            for (int g = 0; g < groups; g++) {
                im2col(x, r0, r1, g * cg, col);
                gemm.multiply(r1 - r0, col, 0, kdim, weights[g], 0, coutG, out, r0 * cout + g * coutG, cout, false);
            }
            GemmRunner.epilogue(out, r0 * cout, cout, r1 - r0, 0, cout, bias, 0, fused);
        });
        for (float[] c : cols) {
            exec.arena.give(c);
        }
    }

    /** Writes rows {@code [r0, r1)} of the im2col matrix for input channels {@code [c0, c0+cg)} into {@code col}. */
    private void im2col(float[] x, int r0, int r1, int c0, float[] col) {
        Window v = win;
        int positions = v.outPositions();
        int dst = 0;
        for (int r = r0; r < r1; r++) {
            int b = r / positions;
            int pos = r - b * positions;
            int oz = pos / (v.o1 * v.o2);
            int oy = (pos / v.o2) % v.o1;
            int ox = pos % v.o2;
            int baseZ = oz * v.s0 - v.p0;
            int baseY = oy * v.s1 - v.p1;
            int baseX = ox * v.s2 - v.p2;
            for (int jz = 0; jz < v.k0; jz++) {
                int iz = baseZ + jz * v.d0;
                for (int jy = 0; jy < v.k1; jy++) {
                    int iy = baseY + jy * v.d1;
                    if (iz < 0 || iz >= v.n0 || iy < 0 || iy >= v.n1) {
                        Arrays.fill(col, dst, dst + v.k2 * cg, 0f);
                        dst += v.k2 * cg;
                        continue;
                    }
                    int rowBase = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                    for (int jx = 0; jx < v.k2; jx++) {
                        int ix = baseX + jx * v.d2;
                        if (ix < 0 || ix >= v.n2) {
                            Arrays.fill(col, dst, dst + cg, 0f);
                        } else {
                            System.arraycopy(x, (rowBase + ix) * cin + c0, col, dst, cg);
                        }
                        dst += cg;
                    }
                }
            }
        }
    }
}
