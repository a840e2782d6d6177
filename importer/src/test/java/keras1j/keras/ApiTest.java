package keras1j.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import keras1j.errors.InvalidInputException;

class ApiTest {

    @ParameterizedTest
    @CsvSource({"theano, THEANO", " Theano , THEANO", "th, THEANO", "tensorflow, TENSORFLOW", "TF, TENSORFLOW"})
    void backendParsesLeniently(String text, Backend expected) {
        assertEquals(expected, Backend.parse(text));
    }

    @Test
    void backendParseNamesTheAllowedValues() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Backend.parse("cntk"));
        assertEquals("unknown backend 'cntk': expected theano or tensorflow", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"th, TH", "TH, TH", "channels_first, TH", "tf, TF", " tf, TF", "channels_last, TF"})
    void dimOrderingParsesLeniently(String text, DimOrdering expected) {
        assertEquals(expected, DimOrdering.parse(text));
    }

    @Test
    void dimOrderingParseNamesTheAllowedValues() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DimOrdering.parse("nchw"));
        assertEquals("unknown dim ordering 'nchw': expected th or tf", e.getMessage());
    }

    @Test
    void kerasNamesRoundTrip() {
        assertEquals("theano", Backend.THEANO.keras());
        assertEquals("tensorflow", Backend.TENSORFLOW.keras());
        assertEquals("th", DimOrdering.TH.keras());
        assertEquals("tf", DimOrdering.TF.keras());
    }

    @Test
    void optionsAreImmutableCopies() {
        ImportOptions base = ImportOptions.defaults();
        ImportOptions o = base.withBackend(Backend.THEANO).withDimOrdering(DimOrdering.TH).withInputShape("x", 9, 3);
        assertEquals(Optional.empty(), base.backend());
        assertEquals(Optional.of(Backend.THEANO), o.backend());
        assertEquals(Optional.of(DimOrdering.TH), o.dimOrdering());
        assertEquals(Map.of("x", List.of(9, 3)), o.inputShapes());
        assertEquals(new ImportOptions(Optional.of(Backend.THEANO), Optional.empty()),
                ImportOptions.defaults().withBackend(Backend.THEANO));
    }

    @Test
    void inputShapeMustBePositive() {
        assertThrows(InvalidInputException.class, () -> ImportOptions.defaults().withInputShape("x", 0, 3));
    }

    @Test
    void layerTapComparesPermutationsByValue() {
        assertEquals(new LayerTap("v", new int[] {0, 3, 1, 2}), new LayerTap("v", new int[] {0, 3, 1, 2}));
        assertEquals(new LayerTap("v", null), new LayerTap("v", null));
    }
}
