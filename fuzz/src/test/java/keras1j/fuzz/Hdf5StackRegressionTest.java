package keras1j.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.keras.io.KerasFiles;

/**
 * A finding of the HDF5 weights fuzz target: a weights file whose HDF5 links nest without end made jhdf
 * overflow the stack ({@link StackOverflowError} escaped the reader). It is now a damaged-file error.
 */
class Hdf5StackRegressionTest {
    @Test
    void hdf5LinksThatOverflowTheStackAreADamagedFile() throws Exception {
        Path file = Paths.get(Hdf5StackRegressionTest.class.getResource(
                "/keras1j/fuzz/Hdf5WeightsFuzzTestInputs/readWeights/crash-hdf5-links-overflow-the-stack.h5").toURI());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.readWeights(file)
                .layerNames().forEach(l -> KerasFiles.readWeights(file).weights(l).forEach(w -> w.value().data())));
        assertTrue(e.getMessage().contains("crash-hdf5-links-overflow-the-stack.h5"), e.getMessage());
    }
}
