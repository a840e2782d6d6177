package keras1j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API body of {@link FmaProbe}: 12 independent FMA chains on the preferred species. */
final class VectorFmaProbe implements FmaProbe.Probe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public double run(long iterations) {
        FloatVector x = FloatVector.broadcast(S, 0.999999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f);
        FloatVector a1 = FloatVector.broadcast(S, 1.01f);
        FloatVector a2 = FloatVector.broadcast(S, 1.02f);
        FloatVector a3 = FloatVector.broadcast(S, 1.03f);
        FloatVector a4 = FloatVector.broadcast(S, 1.04f);
        FloatVector a5 = FloatVector.broadcast(S, 1.05f);
        FloatVector a6 = FloatVector.broadcast(S, 1.06f);
        FloatVector a7 = FloatVector.broadcast(S, 1.07f);
        FloatVector a8 = FloatVector.broadcast(S, 1.08f);
        FloatVector a9 = FloatVector.broadcast(S, 1.09f);
        FloatVector a10 = FloatVector.broadcast(S, 1.10f);
        FloatVector a11 = FloatVector.broadcast(S, 1.11f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        FmaProbe.sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        return 2.0 * 12 * S.length() * iterations;
    }
}
